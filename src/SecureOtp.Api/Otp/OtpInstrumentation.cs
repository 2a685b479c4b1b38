using System.Diagnostics;
using System.Diagnostics.Metrics;
using SecureOtp.Api.Errors;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Otp;

/// <summary>
/// The <c>otp.send</c> / <c>otp.verify</c> spans and the <c>secureotp.send.requests</c> / <c>secureotp.verify.requests</c>
/// counters, labelled from <see cref="OtpOutcomes"/>. Attributes: outcome, purpose, calling client — never a code, phone
/// number or raw user id. A 5xx outcome marks the span as an error.
/// </summary>
internal sealed class OtpInstrumentation : IDisposable
{
    private readonly Activity? activity;
    private readonly Counter<long> requests;
    private readonly string client;
    private OutcomeInfo outcome;

    private OtpInstrumentation(string name, Counter<long> requests, string client, OutcomeInfo unfinished)
    {
        this.requests = requests;
        this.client = client;
        outcome = unfinished;
        activity = SecureOtpTelemetry.Source.StartActivity(name);
        activity?.SetTag("secureotp.client", client);
    }

    // What is left if the handler throws before an outcome is known: the store outage the exception handler answers.
    public static OtpInstrumentation Send(string client) =>
        new("otp.send", SecureOtpTelemetry.SendRequests, client, OtpOutcomes.Send[SendOutcomeKind.StoreUnavailable]);

    public static OtpInstrumentation Verify(string client) =>
        new("otp.verify", SecureOtpTelemetry.VerifyRequests, client, OtpOutcomes.Verify[VerifyOutcomeKind.StoreUnavailable]);

    /// <summary>Tagged once the request is parsed, so the span only ever carries a validated purpose.</summary>
    public void Purpose(string purpose) => activity?.SetTag("secureotp.purpose", purpose);

    public void Outcome(OutcomeInfo info) => outcome = info;

    public void Dispose()
    {
        activity?.SetTag("secureotp.outcome", outcome.Label);
        if (outcome.Status >= StatusCodes.Status500InternalServerError)
        {
            activity?.SetStatus(ActivityStatusCode.Error, outcome.Label);
        }

        requests.Add(1, SecureOtpTelemetry.Tag("outcome", outcome.Label), SecureOtpTelemetry.Tag("client", client));
        activity?.Dispose();
    }
}
