using SecureOtp.Api.Errors;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Otp;

/// <summary>
/// The <c>otp.send</c> / <c>otp.verify</c> spans and the <c>secureotp.send.requests</c> / <c>secureotp.verify.requests</c>
/// counters, labelled from <see cref="OtpOutcomeTables"/>; the span also carries the purpose.
/// </summary>
internal sealed class OtpInstrumentation : OutcomeInstrumentation
{
    private OtpInstrumentation(string name, System.Diagnostics.Metrics.Counter<long> requests, string client, OutcomeInfo unfinished)
        : base(name, requests, client, unfinished)
    {
    }

    public static OtpInstrumentation Send(string client) =>
        new("otp.send", SecureOtpTelemetry.SendRequests, client, OtpOutcomeTables.Send[SendOutcomeKind.StoreUnavailable]);

    public static OtpInstrumentation Verify(string client) =>
        new("otp.verify", SecureOtpTelemetry.VerifyRequests, client, OtpOutcomeTables.Verify[VerifyOutcomeKind.StoreUnavailable]);

    /// <summary>Tagged once the request is parsed, so the span only ever carries a validated purpose.</summary>
    public void Purpose(string purpose) => Activity?.SetTag("secureotp.purpose", purpose);
}
