using SecureOtp.Api.Risk.Limits;

namespace SecureOtp.Api.Otp.Delivery;

/// <summary>
/// Where the delivery state of each accepted text is kept, beside its verification and under the same user slot, and
/// the link from each of the provider's message ids to it. Only keyed hashes of message ids are stored; every record
/// expires on its own (a code's life plus <c>Sms:Vonage:ReceiptGracePeriod</c>). Two implementations — Redis and the
/// Development in-process store — answer alike. Failures to reach the store surface as <see cref="Errors.StoreUnavailableException"/>.
/// </summary>
internal interface IDeliveryStore
{
    /// <summary>Starts tracking an accepted text: its state is <c>submitted</c> until receipts arrive.</summary>
    Task TrackAsync(DeliveryTracking tracking, CancellationToken cancellationToken);

    /// <summary>
    /// Applies one part's receipt atomically: a part's final state is kept once known (a late "accepted" never undoes a
    /// "delivered"), a repeat changes nothing, the text is delivered once every part is, and any part's failure, expiry or
    /// rejection decides for the whole text. When the text has just failed, the answer names the rate limiter's resend-cooldown
    /// entries its send recorded, for the caller to release.
    /// </summary>
    /// <param name="messageRef">The keyed hash of the part's message id (<see cref="DeliveryRefs.Message"/>).</param>
    Task<ReceiptApplied> ApplyAsync(string messageRef, PartReceipt receipt, CancellationToken cancellationToken);

    /// <summary>The text's delivery state, or null when none is kept (tracking failed, or it has expired).</summary>
    Task<DeliveryState?> GetAsync(VerificationId id, CancellationToken cancellationToken);
}

/// <summary>An accepted text to track.</summary>
/// <param name="MessageRefs">The keyed hash of each part's message id, in part order (empty: the provider sends no receipts).</param>
/// <param name="Country">The destination's calling code as a metric label ("44", or "unknown"); never the number.</param>
/// <param name="Cooldowns">The resend-cooldown entries the send recorded in the rate limiter (per phone and per
/// user+purpose, one shared member), lifted if the text fails.</param>
/// <param name="Retention">How long to keep the state: the code's remaining life plus the receipt grace period.</param>
internal sealed record DeliveryTracking(
    VerificationId Id,
    IReadOnlyList<string> MessageRefs,
    string Country,
    string Purpose,
    string Provider,
    DateTimeOffset SubmittedAt,
    IReadOnlyList<LimitCheck> Cooldowns,
    TimeSpan Retention)
{
    /// <summary>Every provider tried for the text, in order (shown by <c>GET /otp/{id}</c>).</summary>
    public IReadOnlyList<Sms.ProviderAttempt> Attempts { get; init; } = [];

    /// <summary>How the code went: <c>sms</c>, <c>voice</c> or <c>whatsapp</c>.</summary>
    public string Channel { get; init; } = Channels.ChannelNames.Sms;

    /// <summary>Whose code it is: a store that records webhook events seals it with the state, for the receipt that
    /// settles the delivery to record <c>delivery.delivered</c> / <c>delivery.failed</c> (it knows neither).</summary>
    public DeliverySubject? Subject { get; init; }
}

internal sealed record DeliverySubject(string Tenant, string UserId);

/// <summary>One part's receipt, in <see cref="Sms.DeliveryStatus"/> terms, received at <paramref name="ReceivedAt"/>.</summary>
/// <param name="RequiredPrior">When set, the receipt applies only to a part in exactly this state (a voice call's
/// <c>completed</c> means delivered only after <c>answered</c>); otherwise it changes nothing.</param>
internal sealed record PartReceipt(string Status, string? ErrorCode, DateTimeOffset ReceivedAt, string? RequiredPrior = null);

/// <summary>What <c>GET /otp/{id}</c> shows of a text.</summary>
/// <param name="Provider">The provider that took the text (its route name).</param>
internal sealed record DeliveryState(string Status, DateTimeOffset UpdatedAt, string? ErrorCode, string? Provider = null)
{
    public IReadOnlyList<Sms.ProviderAttempt> Attempts { get; init; } = [];

    public string Channel { get; init; } = Channels.ChannelNames.Sms;
}

/// <summary>What a receipt did.</summary>
internal abstract record ReceiptApplied
{
    /// <summary>No tracked text has this message id (never ours, or its record has expired): nothing changed.</summary>
    public sealed record UnknownMessage : ReceiptApplied;

    /// <summary>A repeat, or news older than what is known: nothing changed.</summary>
    public sealed record Unchanged : ReceiptApplied;

    /// <summary>The part's state changed.</summary>
    /// <param name="Status">The whole text's state now.</param>
    /// <param name="BecameFinal">The text has just reached its first final state: count it, once.</param>
    /// <param name="Cooldowns">When the text has just failed: the rate limiter's cooldown entries to release (else empty).</param>
    public sealed record Updated(
        string Status, bool BecameFinal, bool Failed, string Country, string Purpose, string Provider, DateTimeOffset SubmittedAt,
        IReadOnlyList<LimitCheck> Cooldowns) : ReceiptApplied
    {
        /// <summary>How the code went (a metric label).</summary>
        public string Channel { get; init; } = Channels.ChannelNames.Sms;
    }
}
