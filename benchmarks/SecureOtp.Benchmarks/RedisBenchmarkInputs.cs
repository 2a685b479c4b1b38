using System.Globalization;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Otp;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Security;
using SecureOtp.Api.Storage;

namespace SecureOtp.Benchmarks;

/// <summary>
/// Inputs for the Redis round trips, built before the clock starts so their CPU work (HMACs, AES-GCM) stays out of the
/// timing; each is what the service would build for a distinct user and number.
/// </summary>
internal static class RedisBenchmarkInputs
{
    public const string Purpose = "login";
    private const string Client = "bench";

    /// <summary>The pseudonym key of every input of a run, as one deployment has one.</summary>
    private static readonly PseudonymKey PseudonymKey = Fixtures.PseudonymKey();

    /// <summary>The benchmark client's tenant tag: what verify presents with each attempt.</summary>
    public static byte[] TenantTag { get; } = Pseudonyms.TenantTag(PseudonymKey, Client);

    /// <summary>Verifications exactly as <see cref="CodeIssuer"/> composes them (same hashes, binding, sealed user id).</summary>
    /// <param name="validUntil">Both expiry and resend-after; see the benchmark for why they are not 5 min and 30 s.</param>
    public static NewVerification[] Verifications(HashKeyRing keys, int count, int maxAttempts, DateTimeOffset validUntil)
    {
        var key = keys.Active;
        var purposeHash = Pseudonyms.PurposeHash(PseudonymKey, Purpose);
        var verifications = new NewVerification[count];
        for (var i = 0; i < count; i++)
        {
            var userId = UserId(i);
            var userHash = Pseudonyms.UserHash(PseudonymKey, Client, userId);
            var id = VerificationId.New(userHash, purposeHash);
            var binding = userHash[..Pseudonyms.UserBindingLength];

            // The code exists only to be hashed, as in CodeIssuer; it is never kept or shown.
            var codeHash = CodeHasher.Hash(key, CodeGenerator.NewCode(6), id);
            verifications[i] = new NewVerification(id, key.Id, codeHash, binding, TenantTag, Purpose,
                UserIdProtector.Protect(key, userId, id.Bytes), maxAttempts, validUntil, validUntil);
        }

        return verifications;
    }

    /// <summary>The send-side limit checks of one request each (<see cref="AbuseLimits.ForSend"/>, no clientIp: seven checks,
    /// the phone's resend cooldown among them; the tenant shares are off, as by default).</summary>
    public static IReadOnlyList<LimitCheck>[] SendLimitChecks(AbuseLimits limits, int count) =>
        Enumerable.Range(0, count).Select(i => limits.ForSend(
            new SendLimitSubject(Client, Client, UserId(i), Phone(i), ClientIp: null), TimeSpan.FromSeconds(30))).ToArray();

    /// <summary>
    /// The limits of benchmarks/run.sh: every limit at the validator's maximum, so each is still checked and recorded
    /// (the same Redis work as production) but none refuses. Failed verifies keep the NIST maximum, 100 a day.
    /// </summary>
    public static AbuseLimits NonBindingLimits() => new(Options.Create(new LimitOptions
    {
        SendsPerPhonePerHour = 100_000,
        SendsPerPhonePerDay = 100_000,
        SendsPerUserPerHour = 100_000,
        SendsPerIpPerHour = 100_000,
        SendsPerClientPerMinute = 100_000,
        SendsPerCountryPerMinute = 100_000,
        DistinctNumbersPerPrefix = 100_000,
        VerifiesPerIpPerHour = 100_000,
        FailedVerifiesPerUserPerDay = 100,
    }), PseudonymKey);

    private static string UserId(int i) => string.Create(CultureInfo.InvariantCulture, $"bench-user-{i}");

    /// <summary>+1555… numbers, as the load test uses: fictional, and all under one country and number block.</summary>
    private static string Phone(int i) => "+1" + (5_550_000_000L + i).ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Hands out one pre-built input per operation, round-robin. Each pass over the pool talks to its own key prefix (a new
/// store or limiter from <c>forPrefix</c>), so every operation finds its keys as a first request does — no record, no
/// cooldown, a number not seen yet — and a pass never replays the previous one's state.
/// </summary>
internal sealed class FreshKeysRotation<TInput, TClient>(TInput[] pool, Func<string, TClient> forPrefix)
{
    private long operations;
    private long pass;
    private TClient client = forPrefix(PrefixOf(0));

    public (TInput Input, TClient Client) Next()
    {
        var index = operations++;
        if (index / pool.Length != pass)
        {
            pass = index / pool.Length;
            client = forPrefix(PrefixOf(pass));
        }

        return (pool[index % pool.Length], client);
    }

    private static string PrefixOf(long pass) => string.Create(CultureInfo.InvariantCulture, $"b{pass}");
}
