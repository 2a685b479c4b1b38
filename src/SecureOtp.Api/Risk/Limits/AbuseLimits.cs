using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Risk.Limits;

/// <summary>
/// Which limits apply to a request, from <see cref="LimitOptions"/>. Limit keys are keyed hashes (under the
/// <see cref="PseudonymKey"/>, so rotating the code keys resets nothing) of what they limit, so the store never holds a
/// phone number, user id or IP address. A limit set to 0 is left out.
/// <para>Tenancy: what belongs to a tenant's own users — the resend cooldown of a phone, per-phone, per-user and per-IP
/// budgets — counts per tenant, so one tenant (or an attacker driving its login page) cannot lock a phone or a user out
/// of another. The SMS-pumping brakes protect the service as a whole: a global ceiling per country and per number block,
/// and under it each tenant's share (<see cref="TenantShares"/>), checked together with the ceiling all or nothing, so a
/// send its share refuses takes nothing from the ceiling.</para>
/// </summary>
internal sealed class AbuseLimits(IOptions<LimitOptions> options, IOptions<AuthOptions> auth, PseudonymKey pseudonymKey)
{
    /// <summary>The resend cooldown of a phone, behind <c>429 resend_too_soon</c>: one send per cooldown per (tenant, phone),
    /// whatever the purpose or user (five purposes used to buy five sends). Also the metric scope of both cooldowns.</summary>
    public const string ResendCooldown = "resend_cooldown";

    /// <summary>The resend cooldown of a user+purpose, also <c>429 resend_too_soon</c>: one send per cooldown per (tenant,
    /// user, purpose), whatever the number (a new number does not buy the user a second code sooner).</summary>
    public const string PurposeResendCooldown = "resend_cooldown_purpose";

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private readonly TenantShares shares = new(options.Value, auth.Value.SendingTenants.Count());

    /// <summary>Whether a refusal by <paramref name="limit"/> is the resend cooldown (<c>resend_too_soon</c>), not a budget.</summary>
    public static bool IsResendCooldown(string limit) => limit is ResendCooldown or PurposeResendCooldown;

    public FailureCap VerifyFailureCap => new(options.Value.FailedVerifiesPerUserPerDay, Day);

    /// <param name="resendCooldown"><c>Otp:ResendCooldown</c>: a number, and a user+purpose, get one send per cooldown (0: no
    /// such limit).</param>
    /// <remarks>One log per number (its cooldown, hour and day budgets) and one per user (its purpose cooldowns and hourly
    /// budget), each holding one entry per send, so a send writes two keys of its own, not five. Every limit of the send
    /// records the same member: the purpose's tag and a random id; a failed text's receipt names it with both cooldowns' keys.</remarks>
    public IReadOnlyList<LimitCheck> ForSend(SendLimitSubject send, TimeSpan resendCooldown)
    {
        var o = options.Value;
        var (tenant, phone) = (send.Tenant, send.Phone.E164);
        // Named for the longest window they keep, the keys of the day and hour logs they replaced (issue 27): an upgrade
        // keeps counting what the previous version recorded.
        var phoneLog = PhoneLog(send);
        var userLog = "us1h:" + Key("user", tenant, send.UserId);
        var purpose = PurposeTag(send.Purpose);
        var member = purpose + UniqueMember.New();
        var checks = new List<LimitCheck>();
        if (resendCooldown > TimeSpan.Zero)
        {
            checks.Add(new LimitCheck(ResendCooldown, phoneLog, 1, resendCooldown, member, Among: ""));
            checks.Add(new LimitCheck(PurposeResendCooldown, userLog, 1, resendCooldown, member, Among: purpose));
        }

        Add(checks, "phone_per_hour", phoneLog, o.SendsPerPhonePerHour, Hour, member);
        Add(checks, "phone_per_day", phoneLog, o.SendsPerPhonePerDay, Day, member);
        Add(checks, "user_per_hour", userLog, o.SendsPerUserPerHour, Hour, member);
        if (send.ClientIp is not null)
        {
            Add(checks, "ip_per_hour", "ip1h:" + Key("ip", tenant, NormalizeIp(send.ClientIp)), o.SendsPerIpPerHour, Hour, member);
        }

        AddCounter(checks, "client_per_minute", "cl1mb:" + ConfiguredNameKey("client", send.Client), o.SendsPerClientPerMinute, Minute, member);
        if (!send.TestNumber)
        {
            AddCountryBrakes(checks, tenant, send.Phone.Destination.CountryLabel, member);
            AddPrefixBrakes(checks, tenant, phone);
        }

        return checks;
    }

    /// <summary>The per-phone send limits alone: what a fallback's delivery to the same number counts against (the
    /// cooldowns and the per-user and per-client budgets were spent by the send it falls back from). Its entry goes into
    /// the number's log, so the number's resend cooldown counts it too.</summary>
    public IReadOnlyList<LimitCheck> ForPhone(SendLimitSubject send)
    {
        var o = options.Value;
        var phoneLog = PhoneLog(send);
        var member = PurposeTag(send.Purpose) + UniqueMember.New();
        var checks = new List<LimitCheck>();
        Add(checks, "phone_per_hour", phoneLog, o.SendsPerPhonePerHour, Hour, member);
        Add(checks, "phone_per_day", phoneLog, o.SendsPerPhonePerDay, Day, member);
        return checks;
    }

    // Named for the longest window it keeps, the key of the day log it replaced (issue 27): an upgrade keeps counting.
    private string PhoneLog(SendLimitSubject send) => "ph1d:" + Key("phone", send.Tenant, send.Phone.E164);

    public IReadOnlyList<LimitCheck> ForVerify(string tenant, string? clientIp)
    {
        var checks = new List<LimitCheck>();
        if (clientIp is not null)
        {
            Add(checks, "ip_verifies_per_hour", "iv1h:" + Key("ip", tenant, NormalizeIp(clientIp)), options.Value.VerifiesPerIpPerHour, Hour, UniqueMember.New());
        }

        return checks;
    }

    /// <summary>The SMS-pumping budget of the phone's country: the global ceiling, and the tenant's share under it.</summary>
    private void AddCountryBrakes(List<LimitCheck> checks, string tenant, string country, string member)
    {
        var ceiling = options.Value.CountryBudget(country);
        AddCounter(checks, "country_per_minute", "cc1mb:" + country, ceiling, Minute, member);
        AddCounter(checks, "tenant_country_per_minute", "tcc1mb:" + ConfiguredNameKey("tenant", tenant) + ":" + country,
            shares.Country(tenant, country, ceiling), Minute, member);
    }

    /// <summary>
    /// The SMS-pumping signature: many different numbers in one number block within minutes. A repeat of a number already
    /// seen is free; a new one counts against the block's budget — the global one, and the tenant's share under it.
    /// </summary>
    private void AddPrefixBrakes(List<LimitCheck> checks, string tenant, string phone)
    {
        var o = options.Value;
        var digits = phone[1..];
        var prefix = digits[..Math.Min(o.PrefixDigits, digits.Length)];
        var number = Key("number", phone); // one member per number, whichever tenant sends to it
        if (o.DistinctNumbersPerPrefix > 0)
        {
            checks.Add(new LimitCheck("prefix_velocity", "pfx:" + Key("prefix", prefix), o.DistinctNumbersPerPrefix, o.PrefixWindow, number, Distinct: true));
        }

        var share = shares.Prefix();
        if (share > 0)
        {
            checks.Add(new LimitCheck("tenant_prefix_velocity", "tpfx:" + Key("prefix", tenant, prefix), share, o.PrefixWindow, number, Distinct: true));
        }
    }

    private static void Add(List<LimitCheck> checks, string name, string key, int limit, TimeSpan window, string member, bool bucketed = false)
    {
        if (limit > 0)
        {
            checks.Add(new LimitCheck(name, key, limit, window, member, Bucketed: bucketed));
        }
    }

    /// <summary>A budget shared by every request of a client or a country: a bucketed counter, whose size does
    /// not grow with the traffic it counts. Its scope ends in "b" (the logs it replaced, "cl1m:" and the like, are another
    /// key: an upgrade never reads a log as a counter).</summary>
    private static void AddCounter(List<LimitCheck> checks, string name, string key, int limit, TimeSpan window, string member) =>
        Add(checks, name, key, limit, window, member, bucketed: true);

    /// <summary>Which purpose a user's log entry is for, so each purpose's cooldown reads only its own sends: 4 characters
    /// of a keyed hash (two purposes alike would share one cooldown — stricter, never looser).</summary>
    private string PurposeTag(string purpose) => Key("purpose_tag", purpose)[..PurposeTagLength];

    private const int PurposeTagLength = 4;

    /// <summary>One end-user network, one key: every spelling of an address, its IPv4-mapped form and every address of
    /// one IPv6 /64 (by default) count together.</summary>
    private string NormalizeIp(string ip) => ClientNetwork.Of(ip, options.Value.Ipv6PrefixLength);

    private string Key(string scope, params ReadOnlySpan<string> parts) => Pseudonyms.LimitKey(pseudonymKey, scope, parts);

    /// <summary>Clients and tenants are configured names, a handful: their keys are computed once, not per send.</summary>
    private string ConfiguredNameKey(string scope, string name) =>
        configuredNameKeys.GetOrAdd((scope, name), static (k, self) => self.Key(k.Scope, k.Name), this);

    private readonly ConcurrentDictionary<(string Scope, string Name), string> configuredNameKeys = new();
}
