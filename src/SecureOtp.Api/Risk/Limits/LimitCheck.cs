using SecureOtp.Api.Risk.Geo;

namespace SecureOtp.Api.Risk.Limits;

/// <summary>
/// One limit to apply to one request: at most <paramref name="Limit"/> entries per sliding <paramref name="Window"/>
/// under <paramref name="Key"/> (a keyed hash of what is limited, never the raw phone, user or IP).
/// With <paramref name="Distinct"/>, entries are the distinct <paramref name="Member"/>s seen (a repeat costs nothing).
/// Several limits may read one log (one key, one entry per request, the same <paramref name="Member"/>), each over its
/// own window: a number's hour and day budgets and its resend cooldown cost one key, not three.
/// </summary>
/// <param name="Among">A resend cooldown: counts only the log's entries not given back whose member starts with this
/// ("" for all of them), so a text reported undelivered gives back its cooldown and still counts in the budgets.</param>
/// <param name="Bucketed">Counted by a bucketed sliding counter (<see cref="Buckets"/> buckets across the window, one
/// count per request, no entry per request): the shared budgets that count every request. Such a key has no other limit.</param>
internal sealed record LimitCheck(
    string Name, string Key, int Limit, TimeSpan Window, string Member, bool Distinct = false, string? Among = null, bool Bucketed = false)
{
    /// <summary>A counter's buckets across its window: 1 s buckets for a minute, 1 min for an hour.</summary>
    public const int Buckets = 60;

    /// <summary>A counter's bucket width; a request counts from its bucket on, until that bucket leaves the window.</summary>
    public TimeSpan BucketWidth => Window / Buckets;

    /// <summary>When a counter counted this request (set on the checks an admission returns), so giving it back takes it
    /// off the bucket it went into; null for a log (its entry is named by <see cref="Member"/>).</summary>
    public DateTimeOffset? CountedAt { get; init; }

    /// <summary><paramref name="checks"/> as counted at <paramref name="now"/>: each counter's <see cref="CountedAt"/> set.</summary>
    public static IReadOnlyList<LimitCheck> CountedAtTime(IReadOnlyList<LimitCheck> checks, DateTimeOffset now) =>
        checks.Any(c => c.Bucketed) ? [.. checks.Select(c => c.Bucketed ? c with { CountedAt = now } : c)] : checks;

    /// <summary>Released alone (a failed text's receipt names only its cooldowns), this limit gives back its own share of
    /// the entry, not the entry: the budgets reading the same log keep counting the text.</summary>
    public bool GivesBackAlone => AbuseLimits.IsResendCooldown(Name);
}

/// <summary>What a send's limits count: the calling client and its tenant, the user and the purpose, the number (canonical,
/// so every spelling of it counts as one) and the end user's IP when the caller gave it.</summary>
/// <param name="TestNumber">A tenant's test number: nothing is texted, so the SMS-pumping brakes (country, prefix) leave
/// it out; the per-user and per-number limits and the cooldowns still hold.</param>
internal sealed record SendLimitSubject(string Client, string Tenant, string UserId, string Purpose, CanonicalPhone Phone, string? ClientIp, bool TestNumber = false);

/// <summary>The outcome of a set of checks: all admitted (with what to give back if the request is later dropped), or refused.</summary>
internal abstract record LimitDecision
{
    public sealed record Admitted(IReadOnlyList<LimitCheck> Recorded) : LimitDecision;

    /// <param name="Limit">The refusing limit's name, e.g. <c>phone_per_hour</c>.</param>
    /// <param name="RetryAfter">Exactly when the window admits this request again.</param>
    public sealed record Refused(string Limit, TimeSpan RetryAfter) : LimitDecision;
}

/// <summary>
/// Sliding-window limits, kept in the store so they hold across replicas. A log (one timestamp per admitted request)
/// is exact at window edges — no burst of 2× the limit across a fixed-window boundary — and gives an exact Retry-After:
/// the moment the oldest entry that still blocks leaves the window; it can count distinct numbers (the pumping brake) and
/// give back one send's cooldown. It costs ~118 B per entry once large, so the shared per-minute budgets that count
/// every request of a client or a country are bucketed counters instead (<see cref="LimitCheck.Bucketed"/>): a fixed size
/// per key, a window quantised to 1/60 of itself (a request counts between one window - one bucket and one window).
/// </summary>
internal interface IRateLimiter
{
    /// <summary>Applies every check atomically per key; if any refuses, what the others recorded is given back.</summary>
    Task<LimitDecision> AcquireAsync(IReadOnlyList<LimitCheck> checks, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Gives back what an admitted request recorded, when it ended up sending nothing.</summary>
    Task ReleaseAsync(IReadOnlyList<LimitCheck> recorded, CancellationToken cancellationToken);

    /// <summary>As <see cref="ReleaseAsync"/>, in the background: for a request the store already failed, so its 503 is not
    /// held up by a second call into a store that does not answer.</summary>
    void ReleaseLater(IReadOnlyList<LimitCheck> recorded);
}

/// <summary>The most failed verifies one user may have in a sliding window (NIST: 100 a day); counted inside the store's
/// attempt script, next to the verification, so it needs no extra round trip.</summary>
internal sealed record FailureCap(int Limit, TimeSpan Window)
{
    /// <summary>The cap's name as the <c>limit</c> of a <c>rate_limited</c> problem and the <c>scope</c> of the rejection
    /// metric, for the SMS and the authenticator factor alike (the cap is one per user across both).</summary>
    public const string Name = "user_failed_verifies_per_day";
}
