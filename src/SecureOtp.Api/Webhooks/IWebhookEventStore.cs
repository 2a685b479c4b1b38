namespace SecureOtp.Api.Webhooks;

/// <summary>
/// Where recorded events wait for delivery: one stream per user of a tenant (written by the store scripts in the same step
/// as the state change), an index per tenant of the streams with something due, and a lease per stream so one replica at a
/// time delivers a stream's events, oldest first. Streams are opaque names here.
/// </summary>
internal interface IWebhookEventStore
{
    /// <summary>False for the in-process store, which records no events.</summary>
    bool KeepsEvents { get; }

    /// <summary>The tenant's streams due by <paramref name="now"/> (at most <paramref name="max"/>, soonest first).</summary>
    Task<IReadOnlyList<string>> DueAsync(string tenantTag, DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>Takes the stream for <paramref name="lease"/>; null when another replica holds it. A replica that dies
    /// holding it loses nothing: the lease lapses and another takes the stream, its unacknowledged head included.</summary>
    Task<string?> LeaseAsync(string stream, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Gives the lease back, if it is still this token's.</summary>
    Task ReleaseAsync(string stream, string token, CancellationToken cancellationToken);

    /// <summary>The stream's oldest event, or null when it has none (it then leaves the index, unless one came meanwhile).</summary>
    Task<StoredEvent?> HeadAsync(string tenantTag, string stream, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The event was delivered or dropped: it goes.</summary>
    Task RemoveAsync(string stream, string entryId, CancellationToken cancellationToken);

    /// <summary>The stream's next try is due at <paramref name="due"/> (a retry's backoff).</summary>
    Task ScheduleAsync(string tenantTag, string stream, DateTimeOffset due, CancellationToken cancellationToken);

    /// <summary>Puts back into their tenant's index the streams whose index entry was lost; how many it found.</summary>
    Task<int> SweepAsync(IReadOnlyCollection<string> tenantTags, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>An event as recorded: what the record knew (the user id sealed under code key <paramref name="KeyId"/>), and
/// the subject the service sealed. <paramref name="EntryId"/> is its stream entry's id, stable across retries.</summary>
internal sealed record StoredEvent(
    string EntryId, string Type, DateTimeOffset OccurredAt, byte[] SealedSubject, string? KeyId, byte[]? SealedUserId, string? Purpose, string? Channel)
{
    /// <summary>A delivery event's outcome: the provider that took the code, the delivery state, and a failure's error code.</summary>
    public DeliveryOutcome? Delivery { get; init; }
}

/// <summary>What a <c>delivery.*</c> event tells of the delivery (bounded labels and the provider's error code only).</summary>
internal sealed record DeliveryOutcome(string? Provider, string? Status, string? ErrorCode);

/// <summary>The in-process store keeps no events: webhooks need Redis (the dispatcher says so at start).</summary>
internal sealed class NoWebhookEventStore : IWebhookEventStore
{
    public bool KeepsEvents => false;

    public Task<IReadOnlyList<string>> DueAsync(string tenantTag, DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    public Task<string?> LeaseAsync(string stream, TimeSpan lease, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public Task ReleaseAsync(string stream, string token, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<StoredEvent?> HeadAsync(string tenantTag, string stream, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult<StoredEvent?>(null);

    public Task RemoveAsync(string stream, string entryId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ScheduleAsync(string tenantTag, string stream, DateTimeOffset due, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<int> SweepAsync(IReadOnlyCollection<string> tenantTags, DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult(0);
}
