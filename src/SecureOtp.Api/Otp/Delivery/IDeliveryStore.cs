using SecureOtp.Api.Risk.Limits;

namespace SecureOtp.Api.Otp.Delivery;

/// <summary>
/// Where the delivery state of each accepted text is kept, beside its verification and under the same user slot. A
/// receipt finds it by the <see cref="DeliveryReference"/> the text carried (or, for a text sent before references, by
/// its message id's link). Only keyed hashes of message ids are stored; every record
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
    Task<ReceiptApplied> ApplyAsync(string messageRef, PartReceipt receipt, CancellationToken cancellationToken) =>
        ApplyAsync(messageRef, null, receipt, cancellationToken);

    /// <summary>As above; with <paramref name="reference"/> (echoed by the provider) the delivery it names is updated
    /// directly, the part found by its message id; without, the message id's link (texts sent before references) is read.</summary>
    Task<ReceiptApplied> ApplyAsync(string messageRef, DeliveryReference? reference, PartReceipt receipt, CancellationToken cancellationToken);

    /// <summary>The text's delivery state, or null when none is kept (tracking failed, or it has expired).</summary>
    Task<DeliveryState?> GetAsync(VerificationId id, CancellationToken cancellationToken) => GetAsync(id.Slot, id.LookupHash, cancellationToken);

    /// <summary>The delivery state of the verification whose id hashes to <paramref name="idHash"/> (a fallback knows no more).</summary>
    Task<DeliveryState?> GetAsync(VerificationSlot slot, string idHash, CancellationToken cancellationToken);

    /// <summary>A due channel timeout claims the fallback of the verification's current delivery attempt: at most once per
    /// attempt, and never when a receipt already failed it (and so claimed it) or it was delivered.</summary>
    Task<TimeoutClaim> ClaimTimeoutAsync(VerificationSlot slot, string idHash, DateTimeOffset now, TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>What a due channel timeout found.</summary>
internal abstract record TimeoutClaim
{
    /// <summary>Nothing to do: the delivery is gone, delivered, failed, or its fallback already claimed.</summary>
    public sealed record None : TimeoutClaim;

    /// <summary>This caller falls back from the current attempt.</summary>
    public sealed record Claimed : TimeoutClaim;

    /// <summary>A newer attempt started later: its own timeout is due at <paramref name="Due"/>.</summary>
    public sealed record NotYet(DateTimeOffset Due) : TimeoutClaim;
}

/// <summary>One delivery of the code on one channel, as <c>GET /otp/{id}</c> lists it.</summary>
internal sealed record ChannelAttemptState(string Channel, string Provider, string Status, DateTimeOffset UpdatedAt, string? ErrorCode);

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

    /// <summary>The client that sent the code: a fallback delivers it again for that client (and its tenant).</summary>
    public string Client { get; init; } = "";

    /// <summary>When this delivery falls back to the next channel if still not delivered (<c>Delivery:ChannelTimeout</c>);
    /// null when there is no channel to fall back to.</summary>
    public DateTimeOffset? TimeoutDue { get; init; }

    /// <summary>Whose code it is: a store that records webhook events seals it with the state, for the receipt that
    /// settles the delivery to record <c>delivery.delivered</c> / <c>delivery.failed</c> (it knows neither).</summary>
    public DeliverySubject? Subject { get; init; }

    /// <summary>The attempt's token (<see cref="DeliveryReference.Token"/>): a receipt naming another updates nothing here.</summary>
    public string Token { get; init; } = "";

    /// <summary>The provider echoes the attempt's <see cref="DeliveryReference"/> in its receipts: no message-id link is
    /// kept (a text of several parts keeps short hashes of its parts' ids in its state, to tell its receipts apart).</summary>
    public bool ReceiptsCarryReference { get; init; }
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

    /// <summary>Every delivery of the code, one per channel attempt, oldest first; the last is the current one (the
    /// fields above).</summary>
    public IReadOnlyList<ChannelAttemptState> ChannelAttempts { get; init; } = [];

    /// <summary>The client that sent the code ('' when not known).</summary>
    public string Client { get; init; } = "";
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

        /// <summary>This receipt failed the current delivery attempt and so claimed its fallback (once per attempt).</summary>
        public bool FallbackClaimed { get; init; }

        /// <summary>The verification the receipt's text belongs to: where a fallback or the timeout's cancel goes.</summary>
        public (VerificationSlot Slot, string IdHash) Verification { get; init; }
    }
}
