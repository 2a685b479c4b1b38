using SecureOtp.Api.Errors;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Totp;

/// <summary>
/// The <c>totp.&lt;operation&gt;</c> span and the <c>secureotp.totp.requests{operation, outcome, client}</c> counter of one
/// request, labelled from <see cref="TotpOutcomeTables"/>.
/// </summary>
internal sealed class TotpInstrumentation(string operation, string client, OutcomeInfo unfinished)
    : OutcomeInstrumentation("totp." + operation, SecureOtpTelemetry.TotpRequests, client, unfinished, SecureOtpTelemetry.Tag("operation", operation));
