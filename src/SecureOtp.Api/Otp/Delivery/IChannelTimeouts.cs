namespace SecureOtp.Api.Otp.Delivery;

/// <summary>
/// The schedule of <c>Delivery:ChannelTimeout</c>: one entry per verification whose current delivery may still fall back,
/// due when it should have been delivered. Kept in the store, not in a process, so no timer is lost when a replica dies;
/// leased to one replica at a time (<see cref="LeaseDueAsync"/>), so three replicas polling fire each once.
/// </summary>
internal interface IChannelTimeouts
{
    /// <summary>Sets (or moves) the verification's entry: a newer delivery attempt replaces an earlier one's due time.</summary>
    Task ScheduleAsync(VerificationSlot slot, string idHash, DateTimeOffset due, CancellationToken cancellationToken);

    /// <summary>Removes the verification's entry: it was delivered, approved, locked or cancelled.</summary>
    Task CancelAsync(VerificationSlot slot, string idHash, CancellationToken cancellationToken);

    /// <summary>Leases up to <paramref name="max"/> due entries to this caller for <paramref name="lease"/>: no other caller
    /// gets them meanwhile; one whose caller died comes due again when the lease ends.</summary>
    Task<IReadOnlyList<LeasedTimeout>> LeaseDueAsync(DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken);

    /// <summary>Removes a handled entry, unless it was scheduled again meanwhile (the fallback's own next timeout).</summary>
    Task DoneAsync(LeasedTimeout timeout, CancellationToken cancellationToken);

    /// <summary>How many entries are scheduled (the backlog gauge).</summary>
    Task<long> CountAsync(CancellationToken cancellationToken);
}

/// <summary>A due entry leased to this replica until <paramref name="LeasedUntil"/>.</summary>
internal sealed record LeasedTimeout(VerificationSlot Slot, string IdHash, DateTimeOffset LeasedUntil);
