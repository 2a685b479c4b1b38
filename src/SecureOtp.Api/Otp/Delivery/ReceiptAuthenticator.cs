using System.Globalization;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Sms;
using SecureOtp.Api.Sms.Vonage;

namespace SecureOtp.Api.Otp.Delivery;

/// <summary>
/// Decides whether a receipt comes from Vonage. With <c>Sms:Vonage:SignatureSecret</c> set, only a receipt signed with it
/// (<see cref="VonageSignature"/>) and whose signed <c>timestamp</c> is within <see cref="ReplayWindow"/> of now is accepted.
/// Without a secret, Development accepts unsigned receipts (so the flow can be tried locally); every other environment
/// refuses them all — anyone could otherwise mark a text delivered or failed (and so lift a resend cooldown).
/// </summary>
internal sealed class ReceiptAuthenticator(IOptions<SmsOptions> options, IHostEnvironment environment, TimeProvider time)
{
    /// <summary>How far the signed timestamp may be from our clock: Vonage's own limit for signed requests.</summary>
    public static readonly TimeSpan ReplayWindow = TimeSpan.FromMinutes(5);

    private readonly string? secret = options.Value.Vonage.SignatureSecret;
    private readonly VonageSignatureMethod method = VonageSignature.TryParseMethod(options.Value.Vonage.SignatureMethod, out var m) ? m : default;

    /// <summary>True when receipts are taken unsigned: Development without a signature secret.</summary>
    public bool AcceptsUnsigned => secret is null && environment.IsDevelopment();

    /// <summary>True when no receipt can be accepted: no signature secret outside Development.</summary>
    public bool RefusesAll => secret is null && !environment.IsDevelopment();

    /// <returns>Null when the receipt may be applied, else why not.</returns>
    public ReceiptOutcomeKind? Check(IReadOnlyDictionary<string, string> parameters)
    {
        if (RefusesAll)
        {
            return ReceiptOutcomeKind.InvalidSignature;
        }

        if (secret is not null && !VonageSignature.IsValid(parameters, parameters.GetValueOrDefault(VonageSignature.SignatureParameter), secret, method))
        {
            return ReceiptOutcomeKind.InvalidSignature;
        }

        // Signed: the timestamp is part of what was signed and is required. Unsigned (Development): checked when given.
        var timestamp = parameters.GetValueOrDefault("timestamp");
        if (timestamp is null && AcceptsUnsigned)
        {
            return null;
        }

        return IsRecent(timestamp) ? null : ReceiptOutcomeKind.StaleTimestamp;
    }

    /// <summary>Vonage's <c>timestamp</c>: Unix seconds.</summary>
    private bool IsRecent(string? timestamp) =>
        long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
        && seconds < DateTimeOffset.MaxValue.ToUnixTimeSeconds()
        && (DateTimeOffset.FromUnixTimeSeconds(seconds) - time.GetUtcNow()).Duration() <= ReplayWindow;
}
