using System.Diagnostics;
using SecureOtp.Api.Errors;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Totp;

/// <summary>
/// The <c>totp.&lt;operation&gt;</c> span and the <c>secureotp.totp.requests{operation, outcome, client}</c> counter of one
/// request, labelled from <see cref="TotpOutcomeTables"/>. Attributes never carry a secret, code, recovery code, URI or
/// raw user id. A 5xx outcome marks the span as an error.
/// </summary>
internal sealed class TotpInstrumentation : IDisposable
{
    private readonly Activity? activity;
    private readonly string operation;
    private readonly string client;
    private OutcomeInfo outcome;

    /// <param name="unfinished">What is left if the handler throws before an outcome is known: the store outage the
    /// exception handler answers.</param>
    public TotpInstrumentation(string operation, string client, OutcomeInfo unfinished)
    {
        this.operation = operation;
        this.client = client;
        outcome = unfinished;
        activity = SecureOtpTelemetry.Source.StartActivity("totp." + operation);
        activity?.SetTag("secureotp.client", client);
    }

    public void Outcome(OutcomeInfo info) => outcome = info;

    public void Dispose()
    {
        activity?.SetTag("secureotp.outcome", outcome.Label);
        if (outcome.Status >= StatusCodes.Status500InternalServerError)
        {
            activity?.SetStatus(ActivityStatusCode.Error, outcome.Label);
        }

        SecureOtpTelemetry.TotpRequests.Add(1, SecureOtpTelemetry.Tag("operation", operation),
            SecureOtpTelemetry.Tag("outcome", outcome.Label), SecureOtpTelemetry.Tag("client", client));
        activity?.Dispose();
    }
}
