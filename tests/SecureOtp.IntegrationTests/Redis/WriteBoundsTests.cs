using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace SecureOtp.IntegrationTests.Redis;

/// <summary>
/// Issue 21, finding 4: what one API key can make Redis hold. Before, only sends were counted: a key could enrol
/// authenticators (1,235 B each, no TTL), leave pending ones (296 B for 10 min), fail confirms (42 B for 24 h) and verify
/// a locked verification with fresh Idempotency-Keys (202 B each for 5 min) as fast as it could. Now every writing
/// endpoint has a per-client budget: past it the answer is <c>429 rate_limited</c> with Retry-After, and Redis gains not a
/// key nor a byte. Authenticator enrolments, which live without a TTL, are capped per tenant.
/// </summary>
public sealed class WriteBoundsTests
{
    private const int Budget = 3;
    private const int Beyond = 10;

    public enum Endpoint
    {
        OtpVerify,
        OtpCancel,
        TotpEnroll,
        TotpConfirm,
        TotpVerify,
        TotpRecover,
        TotpDelete,
    }

    private static readonly Dictionary<Endpoint, (string Key, string Limit)> Limits = new()
    {
        [Endpoint.OtpVerify] = ("Limits:VerifiesPerClientPerMinute", "client_verifies_per_minute"),
        [Endpoint.OtpCancel] = ("Limits:CancelsPerClientPerMinute", "client_cancels_per_minute"),
        [Endpoint.TotpEnroll] = ("Limits:TotpEnrolmentsPerClientPerMinute", "client_totp_enrolments_per_minute"),
        [Endpoint.TotpConfirm] = ("Limits:TotpConfirmsPerClientPerMinute", "client_totp_confirms_per_minute"),
        [Endpoint.TotpVerify] = ("Limits:TotpVerifiesPerClientPerMinute", "client_totp_verifies_per_minute"),
        [Endpoint.TotpRecover] = ("Limits:TotpRecoveriesPerClientPerMinute", "client_totp_recoveries_per_minute"),
        [Endpoint.TotpDelete] = ("Limits:TotpDeletesPerClientPerMinute", "client_totp_deletes_per_minute"),
    };

    [Test]
    public async Task EachWritingEndpoint_PastItsClientBudget_Answers429WithRetryAfter_AndRedisGainsNothing(
        [Values] Endpoint endpoint)
    {
        var (key, limit) = Limits[endpoint];
        using var app = new SecureOtpApp(StoreKind.Redis, new Dictionary<string, string?> { [key] = Budget.ToString(), ["Otp:MaxAttempts"] = "1" });
        using var redis = RedisSetUp.Server.Connect();
        var request = await PrepareAsync(app, endpoint);
        for (var i = 0; i < Budget; i++)
        {
            using var admitted = await request();
            Assert.That(admitted.StatusCode, Is.Not.EqualTo(HttpStatusCode.TooManyRequests), $"request {i + 1} of {Budget}");
        }

        var before = await StoredAsync(redis, app);
        app.Clock.Advance(TimeSpan.FromSeconds(20));
        for (var i = 0; i < Beyond; i++)
        {
            using var refused = await request();
            var problem = await ProblemAssert.IsProblem(refused, HttpStatusCode.TooManyRequests, "rate_limited");
            Assert.That(problem["limit"]!.GetValue<string>(), Is.EqualTo(limit));
            Assert.That(refused.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(40)), "when the first of the budget leaves the minute");
        }

        var after = await StoredAsync(redis, app);
        TestContext.Out.WriteLine($"{endpoint}: {before.Keys.Count} keys, {before.Values.Sum()} B before and after {Beyond} refused requests");
        Assert.That(after, Is.EquivalentTo(before), "no key and no byte more, after " + Beyond + " refused requests");

        app.Clock.Advance(TimeSpan.FromSeconds(40));
        using var reopened = await request();
        Assert.That(reopened.StatusCode, Is.Not.EqualTo(HttpStatusCode.TooManyRequests), "the minute has passed");
    }

    /// <summary>A locked verification answers 410 and keeps that answer under each fresh Idempotency-Key: within the budget
    /// only. Past it no idempotency record is written.</summary>
    [Test]
    public async Task LockedVerification_FreshIdempotencyKeysPastTheBudget_StoreNoIdempotencyRecord()
    {
        using var app = new SecureOtpApp(StoreKind.Redis, new Dictionary<string, string?>
        {
            ["Limits:VerifiesPerClientPerMinute"] = Budget.ToString(), ["Otp:MaxAttempts"] = "1",
        });
        using var redis = RedisSetUp.Server.Connect();
        var client = OtpClient.For(app);
        var userId = OtpClient.NewUserId();
        var id = await client.StartAsync(userId);
        var code = await client.ReadCodeAsync(id);
        using (var wrong = await client.VerifyAsync(id, OtpClient.WrongCode(code), userId, idempotencyKey: "k-0"))
        {
            await ProblemAssert.IsProblem(wrong, HttpStatusCode.BadRequest, "incorrect_code");
        }

        for (var i = 1; i < Budget; i++)
        {
            using var locked = await client.VerifyAsync(id, code, userId, idempotencyKey: "k-" + i);
            await ProblemAssert.IsProblem(locked, HttpStatusCode.Gone, "verification_locked");
        }

        Assert.That(IdempotencyRecords(redis, app), Has.Count.EqualTo(Budget), "one kept answer per admitted key");
        for (var i = 0; i < Beyond * 5; i++)
        {
            using var refused = await client.VerifyAsync(id, code, userId, idempotencyKey: "fresh-" + i);
            await ProblemAssert.IsProblem(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        }

        Assert.That(IdempotencyRecords(redis, app), Has.Count.EqualTo(Budget), "a refused verify keeps no answer");
    }

    /// <summary>Active enrolments have no TTL: the tenant's count of them (with pending ones until they expire) is capped.
    /// Past the cap, enrol answers 409 enrolment_limit_reached and stores nothing; a pending one that expires or a deleted
    /// one frees its place; another tenant is not affected.</summary>
    [Test]
    public async Task TotpEnrolments_AreCappedPerTenant_AndAPlaceFreesWhenPendingExpiresOrOnDelete()
    {
        using var app = new SecureOtpApp(StoreKind.Redis, new Dictionary<string, string?> { ["Limits:MaxTotpEnrolmentsPerTenant"] = "3" });
        using var redis = RedisSetUp.Server.Connect();
        var totp = TotpClient.For(app);
        var active = OtpClient.NewUserId();
        await totp.ActivateAsync(active, app.Clock.GetUtcNow());
        var pending = OtpClient.NewUserId();
        await totp.EnrollAppAsync(pending);
        await totp.EnrollAppAsync(OtpClient.NewUserId());

        // A refused enrolment still spends the client's enrolment budget (its own bounded log); it stores nothing else.
        var before = WithoutLimitLogs(await StoredAsync(redis, app));
        for (var i = 0; i < Beyond; i++)
        {
            using var full = await totp.EnrollAsync(OtpClient.NewUserId());
            await ProblemAssert.IsProblem(full, HttpStatusCode.Conflict, "enrolment_limit_reached");
        }

        Assert.That(WithoutLimitLogs(await StoredAsync(redis, app)), Is.EquivalentTo(before), "a refused enrolment stores nothing");
        using (var again = await totp.EnrollAsync(pending))
        {
            Assert.That((int)again.StatusCode, Is.EqualTo(201), "a pending user keeps their place when enrolling again");
        }

        using (var stranger = await TotpClient.For(app, TestApiKeys.OtherTenant).EnrollAsync(OtpClient.NewUserId()))
        {
            Assert.That((int)stranger.StatusCode, Is.EqualTo(201), "another tenant's cap is its own");
        }

        app.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1)); // Totp:PendingTtl: both pending places free
        await totp.EnrollAppAsync(OtpClient.NewUserId());
        await totp.EnrollAppAsync(OtpClient.NewUserId());
        using (var full = await totp.EnrollAsync(OtpClient.NewUserId()))
        {
            await ProblemAssert.IsProblem(full, HttpStatusCode.Conflict, "enrolment_limit_reached");
        }

        using (var deleted = await totp.Http.DeleteAsync($"/totp/{active}"))
        {
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        await totp.EnrollAppAsync(OtpClient.NewUserId());
    }

    /// <summary>Readies one endpoint and returns a request to it that writes (or would write) to Redis each time.</summary>
    private static async Task<Func<Task<HttpResponseMessage>>> PrepareAsync(SecureOtpApp app, Endpoint endpoint)
    {
        var otp = OtpClient.For(app);
        var totp = TotpClient.For(app);
        var userId = OtpClient.NewUserId();
        var keys = 0;
        switch (endpoint)
        {
            case Endpoint.OtpVerify:
            {
                var id = await otp.StartAsync(userId);
                return () => otp.VerifyAsync(id, "000000", userId, idempotencyKey: "key-" + ++keys);
            }

            case Endpoint.OtpCancel:
            {
                var id = await otp.StartAsync(userId);
                return () => otp.Http.DeleteAsync($"/otp/{id}");
            }

            case Endpoint.TotpEnroll:
                return () => totp.EnrollAsync(OtpClient.NewUserId());
            case Endpoint.TotpConfirm:
            {
                var authenticator = await totp.EnrollAppAsync(userId);
                return () => totp.ConfirmAsync(userId, OtpClient.WrongCode(authenticator.CodeAt(app.Clock.GetUtcNow())));
            }

            case Endpoint.TotpVerify:
            {
                var (authenticator, _) = await totp.ActivateAsync(userId, app.Clock.GetUtcNow());
                return () => totp.VerifyAsync(userId, OtpClient.WrongCode(authenticator.CodeAt(app.Clock.GetUtcNow())));
            }

            case Endpoint.TotpRecover:
            {
                await totp.ActivateAsync(userId, app.Clock.GetUtcNow());
                var (_, othersCodes) = await totp.ActivateAsync(OtpClient.NewUserId(), app.Clock.GetUtcNow());
                return () => totp.RecoverAsync(userId, othersCodes[0]);
            }

            default:
                await totp.ActivateAsync(userId, app.Clock.GetUtcNow());
                return () => totp.Http.DeleteAsync($"/totp/{OtpClient.NewUserId()}");
        }
    }

    /// <summary>Every key of the app with its MEMORY USAGE.</summary>
    private static async Task<Dictionary<string, long>> StoredAsync(ConnectionMultiplexer redis, SecureOtpApp app)
    {
        var db = redis.GetDatabase();
        var stored = new Dictionary<string, long>();
        foreach (var key in Server(redis).Keys(pattern: app.KeyPrefix + "*"))
        {
            stored[key.ToString()] = (long)await db.ExecuteAsync("MEMORY", "USAGE", key, "SAMPLES", "0");
        }

        return stored;
    }

    private static Dictionary<string, long> WithoutLimitLogs(Dictionary<string, long> stored) =>
        stored.Where(kv => !kv.Key.Contains("{l:", StringComparison.Ordinal)).ToDictionary();

    private static List<string> IdempotencyRecords(ConnectionMultiplexer redis, SecureOtpApp app) =>
        [.. Server(redis).Keys(pattern: app.KeyPrefix + "*:vi:*").Select(k => k.ToString())];

    private static IServer Server(ConnectionMultiplexer redis) => redis.GetServer(RedisSetUp.Server.Configuration);
}
