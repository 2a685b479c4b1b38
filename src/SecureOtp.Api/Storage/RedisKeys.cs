using SecureOtp.Api.Otp;
using StackExchange.Redis;

namespace SecureOtp.Api.Storage;

/// <summary>
/// The only place that builds Redis keys. Every key of one user sits under the hash tag <c>{userTag}</c> (a keyed hash of
/// the tenant and the user id), so every script touches one cluster slot. No key holds a plaintext code, phone number or user id.
/// </summary>
internal sealed class RedisKeys(string prefix)
{
    /// <summary>A provider's sliding counts of settled texts in one country; all of a country's route keys share one slot.</summary>
    public RedisKey RouteCounts(string country, string provider) => $"{prefix}:{{rt:{country}}}:n:{provider}";

    /// <summary>The demotions in force in one country (provider → until).</summary>
    public RedisKey RouteDemotions(string country) => $"{prefix}:{{rt:{country}}}:dm";

    /// <summary>The countries that have route figures, for <c>GET /ops/routes</c> (one member per calling code).</summary>
    public RedisKey RouteCountries => $"{prefix}:rt:countries";

    /// <summary>The live verification of one user+purpose.</summary>
    public RedisKey Record(VerificationSlot slot) => $"{prefix}:{{{slot.UserTag}}}:r:{slot.PurposeTag}";

    /// <summary>The resend cooldown of one user+purpose.</summary>

    /// <summary>A failed-verify log of one user (NIST cap); under the user's tag so the attempt script can touch it.</summary>
    public RedisKey FailedVerifies(VerificationSlot slot) => FailedVerifies(slot.UserTag);

    /// <summary>The same log by the user's tag: the TOTP attempt script counts into it too, so the cap spans both factors.</summary>
    public RedisKey FailedVerifies(string userTag) => $"{prefix}:{{{userTag}}}:vf";

    /// <summary>A user's authenticator (TOTP) enrolment.</summary>
    public RedisKey Totp(string userTag) => $"{prefix}:{{{userTag}}}:totp";

    /// <summary>The keyed hashes of a user's unspent TOTP recovery codes.</summary>
    public RedisKey TotpRecoveryCodes(string userTag) => $"{prefix}:{{{userTag}}}:totp:rc";

    /// <summary>A tenant's authenticator enrolments (see totp_reserve.lua); its own slot, since it spans the tenant's users.</summary>
    public RedisKey TotpTenant(string tenantTag) => $"{prefix}:{{te:{tenantTag}}}";

    /// <summary>The first answer to a verify's Idempotency-Key; under the user's tag so the attempt script keeps it.</summary>
    public RedisKey VerifyIdempotency(VerificationSlot slot, string name) => $"{prefix}:{{{slot.UserTag}}}:vi:{name}";

    /// <summary>The delivery state of one sent text (<paramref name="idHash"/>: its verification's id hash), under the user's
    /// tag with the record and the cooldown, so a receipt updates it and lifts the cooldown in one script. Kept apart from
    /// the record: it outlives the code (late receipts still count) and a resend's new record must not erase it.</summary>
    public RedisKey Delivery(VerificationSlot slot, string idHash) => $"{prefix}:{{{slot.UserTag}}}:dl:{idHash}";

    /// <summary>A provider message id's link to its text (<paramref name="messageRef"/>: a keyed hash of the id); its own slot,
    /// since a receipt names only the message id.</summary>
    public RedisKey MessageLink(string messageRef) => $"{prefix}:{{m:{messageRef}}}";

    /// <summary>The channel timeouts due (sorted set, score = due, ms); its own slot, since it spans users.</summary>
    public RedisKey ChannelTimeouts => $"{prefix}:{{fbt}}:due";

    /// <summary>A rate limit's log; each limit key is its own slot.</summary>
    public RedisKey Limit(string limitKey) => $"{prefix}:{{l:{limitKey}}}";

    /// <summary>The requests a bucketed counter gave back (counter_release.lua), in the counter's slot.</summary>
    public RedisKey LimitGivenBack(string limitKey) => $"{prefix}:{{l:{limitKey}}}:u";

    /// <summary>An Idempotency-Key's record; its own slot, since it is looked up before the user is known to match.</summary>
    public RedisKey Idempotency(string scopedKey) => $"{prefix}:{{i:{scopedKey}}}";

    /// <summary>A user's undelivered webhook events (a stream), under the user's tag so the scripts that change the user's
    /// state record their events in the same step; <paramref name="tenantTag"/> (URL-safe) lets a sweep find its tenant.</summary>
    public RedisKey EventStream(string userTag, string tenantTag) => $"{prefix}:{{{userTag}}}:ev:{tenantTag}";

    /// <summary>Every user's event stream, for the sweep that finds streams whose index entry was lost.</summary>
    public string EventStreamPattern => $"{prefix}:{{*}}:ev:*";

    /// <summary>The lease on an event stream: the replica that holds it delivers the stream's events, in order.</summary>
    public static RedisKey EventLease(string stream)
    {
        var at = stream.LastIndexOf(":ev:", StringComparison.Ordinal);
        return $"{stream[..at]}:evl:{stream[(at + 4)..]}";
    }

    /// <summary>The tenant tag an event stream's name ends with.</summary>
    public static string TenantTagOfStream(string stream) => stream[(stream.LastIndexOf(":ev:", StringComparison.Ordinal) + 4)..];

    /// <summary>A tenant's streams with events due (sorted set, score = due, ms); its own slot, since it spans users.</summary>
    public RedisKey EventIndex(string tenantTag) => $"{prefix}:{{wh:{tenantTag}}}";
}
