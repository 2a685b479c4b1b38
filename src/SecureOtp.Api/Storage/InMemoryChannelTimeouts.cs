using SecureOtp.Api.Otp;
using SecureOtp.Api.Otp.Delivery;

namespace SecureOtp.Api.Storage;

/// <summary>The in-process <see cref="IChannelTimeouts"/> (Development, one process): the Redis schedule's rules under a lock.</summary>
internal sealed class InMemoryChannelTimeouts : IChannelTimeouts
{
    private readonly Lock gate = new();
    private readonly Dictionary<(VerificationSlot Slot, string IdHash), DateTimeOffset> due = [];

    public Task ScheduleAsync(VerificationSlot slot, string idHash, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            due[(slot, idHash)] = at;
        }

        return Task.CompletedTask;
    }

    public Task CancelAsync(VerificationSlot slot, string idHash, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            due.Remove((slot, idHash));
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<LeasedTimeout>> LeaseDueAsync(DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var leased = due.Where(kv => kv.Value <= now).OrderBy(kv => kv.Value).Take(max)
                .Select(kv => new LeasedTimeout(kv.Key.Slot, kv.Key.IdHash, now + lease)).ToList();
            foreach (var t in leased)
            {
                due[(t.Slot, t.IdHash)] = t.LeasedUntil;
            }

            return Task.FromResult<IReadOnlyList<LeasedTimeout>>(leased);
        }
    }

    public Task DoneAsync(LeasedTimeout timeout, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (due.TryGetValue((timeout.Slot, timeout.IdHash), out var at) && at == timeout.LeasedUntil)
            {
                due.Remove((timeout.Slot, timeout.IdHash));
            }
        }

        return Task.CompletedTask;
    }

    public Task<long> CountAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult((long)due.Count);
        }
    }
}
