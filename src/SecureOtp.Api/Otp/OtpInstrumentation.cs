using System.Diagnostics;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Otp;

/// <summary>
/// The <c>otp.send</c> / <c>otp.verify</c> spans and the <c>secureotp.send.requests</c> / <c>secureotp.verify.requests</c>
/// counters. Attributes: outcome, purpose, calling client — never a code, phone number or raw user id.
/// </summary>
internal sealed class OtpInstrumentation : IDisposable
{
    private readonly Activity? activity;
    private readonly bool isSend;
    private readonly string client;
    private string outcome = "store_unavailable"; // what is left if the store throws before an outcome is known

    private OtpInstrumentation(string name, bool isSend, string client, string? purpose)
    {
        this.isSend = isSend;
        this.client = client;
        activity = SecureOtpTelemetry.Source.StartActivity(name);
        activity?.SetTag("secureotp.client", client);
        if (purpose is not null)
        {
            activity?.SetTag("secureotp.purpose", purpose);
        }
    }

    public static OtpInstrumentation Send(string client, string? purpose) => new("otp.send", isSend: true, client, purpose ?? RequestValidation.DefaultPurpose);

    public static OtpInstrumentation Verify(string client) => new("otp.verify", isSend: false, client, null);

    public void Outcome(string name) => outcome = name;

    public void Outcome(SendOutcome result) => outcome = result switch
    {
        SendOutcome.Sent { Replayed: true } => "idempotent_replay",
        SendOutcome.Sent => "sent",
        SendOutcome.ResendTooSoon => "resend_too_soon",
        SendOutcome.RateLimited => "rate_limited",
        SendOutcome.DestinationNotAllowed => "destination_not_allowed",
        SendOutcome.DestinationUnreachable => "destination_unreachable",
        SendOutcome.SimSwapDetected => "sim_swap_detected",
        SendOutcome.RiskCheckUnavailable => "sim_swap_check_unavailable",
        SendOutcome.SmsUnavailable => "sms_unavailable",
        SendOutcome.IdempotencyKeyReused => "idempotency_key_reused",
        _ => "idempotency_in_progress",
    };

    public void Outcome(VerifyOutcome result) => outcome = result switch
    {
        VerifyOutcome.Approved => "approved",
        VerifyOutcome.Incorrect => "incorrect_code",
        VerifyOutcome.Locked => "locked",
        VerifyOutcome.RateLimited => "rate_limited",
        _ => "not_found",
    };

    public void Dispose()
    {
        activity?.SetTag("secureotp.outcome", outcome);
        if (outcome is "store_unavailable" or "sms_unavailable" or "sim_swap_check_unavailable")
        {
            activity?.SetStatus(ActivityStatusCode.Error, outcome);
        }

        (isSend ? SecureOtpTelemetry.SendRequests : SecureOtpTelemetry.VerifyRequests)
            .Add(1, SecureOtpTelemetry.Tag("outcome", outcome), SecureOtpTelemetry.Tag("client", client));
        activity?.Dispose();
    }
}
