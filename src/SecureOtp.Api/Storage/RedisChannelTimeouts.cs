using Microsoft.Extensions.Options;
using SecureOtp.Api.Otp;
using SecureOtp.Api.Otp.Delivery;
using StackExchange.Redis;

namespace SecureOtp.Api.Storage;

/// <summary>
/// <see cref="IChannelTimeouts"/> on Redis: one sorted set (score = due, ms; member = <c>userTag|purposeTag|idh</c>, tags
/// and a hash only) under its own hash tag, so each script touches one cluster slot. Leasing is fallback_due.lua (atomic:
/// Redis runs one script at a time); removal by fallback_done.lua only while the entry still has its leased score.
/// </summary>
internal sealed class RedisChannelTimeouts(RedisCalls redis, IOptions<RedisOptions> options) : IChannelTimeouts
{
    private const char Separator = '|';

    private readonly RedisKey key = new RedisKeys(options.Value.KeyPrefix).ChannelTimeouts;

    public Task ScheduleAsync(VerificationSlot slot, string idHash, DateTimeOffset due, CancellationToken cancellationToken) =>
        redis.RunAsync("timeout_schedule", db => db.SortedSetAddAsync(key, Member(slot, idHash), due.ToUnixTimeMilliseconds()), cancellationToken);

    public Task CancelAsync(VerificationSlot slot, string idHash, CancellationToken cancellationToken) =>
        redis.RunAsync("timeout_cancel", db => db.SortedSetRemoveAsync(key, Member(slot, idHash)), cancellationToken);

    public async Task<IReadOnlyList<LeasedTimeout>> LeaseDueAsync(DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken)
    {
        var leasedUntil = now + lease;
        var due = (RedisResult[])(await redis.RunAsync("timeout_lease", db => db.EvaluateAsync(LuaScripts.FallbackDue, [key],
            [now.ToUnixTimeMilliseconds(), (long)lease.TotalMilliseconds, max]), cancellationToken))!;
        return [.. due.Select(member => Read((string)member!, leasedUntil)).OfType<LeasedTimeout>()];
    }

    public Task DoneAsync(LeasedTimeout timeout, CancellationToken cancellationToken) =>
        redis.RunAsync("timeout_done", db => db.EvaluateAsync(LuaScripts.FallbackDone, [key],
            [Member(timeout.Slot, timeout.IdHash), timeout.LeasedUntil.ToUnixTimeMilliseconds()]), cancellationToken);

    public Task<long> CountAsync(CancellationToken cancellationToken) =>
        redis.RunAsync("timeout_count", db => db.SortedSetLengthAsync(key), cancellationToken);

    private static string Member(VerificationSlot slot, string idHash) => string.Join(Separator, slot.UserTag, slot.PurposeTag, idHash);

    private static LeasedTimeout? Read(string member, DateTimeOffset leasedUntil) =>
        member.Split(Separator) is [var userTag, var purposeTag, var idHash] ? new LeasedTimeout(new VerificationSlot(userTag, purposeTag), idHash, leasedUntil) : null;
}
