namespace SecureOtp.Api.Sms;

/// <summary>Delivers one text. Implementations never log the text (it holds the code) or the full number.</summary>
internal interface ISmsSender
{
    Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken);
}

/// <param name="To">E.164 destination.</param>
/// <param name="Text">The rendered text, code included.</param>
/// <param name="ClientRef">Names the delivery attempt (<see cref="Otp.Delivery.DeliveryReference"/>: tags and hashes, never the
/// code or the number); a provider that can carries it and its receipts bring it back.</param>
/// <param name="ExpiresAt">When the code in the text stops working, if the caller knows: providers that can (Twilio's
/// <c>ValidityPeriod</c>) are told to drop the text after that, so no carrier delivers an expired code.</param>
/// <param name="Country">The destination's calling-code label ("44", "unknown"): which route the text takes.</param>
internal sealed record SmsMessage(string To, string Text, string ClientRef, DateTimeOffset? ExpiresAt = null, string Country = "unknown");

internal abstract record SmsSendResult
{
    /// <summary>Accepted by a provider that names no message (the outbox): no delivery receipt will come.</summary>
    public static readonly SmsSendResult Accepted = new AcceptedResult([]);

    /// <param name="MessageIds">The provider's id of each billed part, in order (Vonage: one per part); its delivery
    /// receipts name them. Empty when the provider sends no receipts.</param>
    public sealed record AcceptedResult(IReadOnlyList<string> MessageIds) : SmsSendResult
    {
        /// <summary>The provider that took the text (its route name), when a router chose it: its receipts are looked up
        /// under that name. Null from a sender that is not routed (tests' fakes).</summary>
        public string? Provider { get; init; }

        /// <summary>Every provider tried for the text, in order, the accepting one last (empty when not routed).</summary>
        public IReadOnlyList<ProviderAttempt> Attempts { get; init; } = [];
    }

    /// <summary>The provider refused this destination (barred, de-activated, not allowed): the caller's problem, not an outage.</summary>
    public sealed record DestinationUnreachable(string Reason) : SmsSendResult;

    /// <summary>Nothing was sent, or it is not known whether it was; the caller must not leave a live code behind.</summary>
    public sealed record Unavailable(TimeSpan RetryAfter, string Reason) : SmsSendResult;
}
