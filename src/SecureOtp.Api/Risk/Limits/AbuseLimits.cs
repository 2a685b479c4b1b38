using System.Globalization;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Risk.Geo;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Risk.Limits;

/// <summary>
/// Which limits apply to a request, from <see cref="LimitOptions"/>. Limit keys are keyed hashes of what they limit,
/// so the store never holds a phone number, user id or IP address. A limit set to 0 is left out.
/// </summary>
internal sealed class AbuseLimits(IOptions<LimitOptions> options, HashKeyRing keys)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    public FailureCap VerifyFailureCap => new(options.Value.FailedVerifiesPerUserPerDay, Day);

    /// <param name="phone">E.164, already validated.</param>
    /// <param name="clientIp">The end user's IP when the caller gave it.</param>
    public IReadOnlyList<LimitCheck> ForSend(string client, string userId, string phone, string? clientIp)
    {
        var o = options.Value;
        var phoneHash = Hash("phone", phone);
        var checks = new List<LimitCheck>();
        Add(checks, "phone_per_hour", "ph1h:" + phoneHash, o.SendsPerPhonePerHour, Hour);
        Add(checks, "phone_per_day", "ph1d:" + phoneHash, o.SendsPerPhonePerDay, Day);
        Add(checks, "user_per_hour", "us1h:" + Hash("user", userId), o.SendsPerUserPerHour, Hour);
        if (clientIp is not null)
        {
            Add(checks, "ip_per_hour", "ip1h:" + Hash("ip", NormalizeIp(clientIp)), o.SendsPerIpPerHour, Hour);
        }

        Add(checks, "client_per_minute", "cl1m:" + Hash("client", client), o.SendsPerClientPerMinute, Minute);
        var callingCode = Destination.CallingCodeOf(phone);
        var country = callingCode == 0 ? "unknown" : callingCode.ToString(CultureInfo.InvariantCulture);
        Add(checks, "country_per_minute", "cc1m:" + country, o.CountryBudget(country), Minute);

        // The SMS-pumping signature: many different numbers in one number block within minutes. A repeat of a number
        // already seen is free; a new one counts against the block's budget.
        var digits = phone[1..];
        var prefix = digits[..Math.Min(o.PrefixDigits, digits.Length)];
        if (o.DistinctNumbersPerPrefix > 0)
        {
            checks.Add(new LimitCheck("prefix_velocity", "pfx:" + Hash("prefix", prefix), o.DistinctNumbersPerPrefix, o.PrefixWindow, phoneHash, Distinct: true));
        }

        return checks;
    }

    public IReadOnlyList<LimitCheck> ForVerify(string? clientIp)
    {
        var checks = new List<LimitCheck>();
        if (clientIp is not null)
        {
            Add(checks, "ip_verifies_per_hour", "iv1h:" + Hash("ip", NormalizeIp(clientIp)), options.Value.VerifiesPerIpPerHour, Hour);
        }

        return checks;
    }

    private static void Add(List<LimitCheck> checks, string name, string key, int limit, TimeSpan window)
    {
        if (limit > 0)
        {
            checks.Add(new LimitCheck(name, key, limit, window, UniqueMember.New()));
        }
    }

    /// <summary>One end-user network, one key: every spelling of an address, its IPv4-mapped form and every address of
    /// one IPv6 /64 (by default) count together.</summary>
    private string NormalizeIp(string ip) => ClientNetwork.Of(ip, options.Value.Ipv6PrefixLength);

    private string Hash(string scope, string value) =>
        System.Buffers.Text.Base64Url.EncodeToString(Pseudonyms.Mac(keys.Active, "secureotp/limit/" + scope, value).AsSpan(0, 16));
}
