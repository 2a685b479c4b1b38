using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Risk;

/// <summary>
/// Every send and verify limit, with requests spread over two service instances that share one real Redis (and one
/// clock), as two replicas would: the (N+1)th request is refused with the limit's name and a Retry-After right to the
/// second, and the window reopens exactly then. The same suite runs against the in-process store (one instance).
/// </summary>
[TestFixture(StoreKind.Redis)]
[TestFixture(StoreKind.InProcess)]
[TestFixture(StoreKind.RedisCluster)]
public sealed class RateLimitTests(StoreKind store)
{
    private static readonly TimeSpan Elapsed = TimeSpan.FromSeconds(7);

    /// <summary>Each limit alone, as a single-tenant deployment has it: with several sending tenants, a tenant's share of
    /// the country and prefix ceilings would refuse first (TenantShareTests).</summary>
    private static readonly string[] SingleTenant = ["full"];

    public enum Vary
    {
        User,
        Phone,
        UserAndPhone,
    }

    [TestCase("phone_per_hour", "Limits:SendsPerPhonePerHour", 3600, Vary.User)]
    [TestCase("phone_per_day", "Limits:SendsPerPhonePerDay", 86400, Vary.User)]
    [TestCase("user_per_hour", "Limits:SendsPerUserPerHour", 3600, Vary.Phone)]
    [TestCase("ip_per_hour", "Limits:SendsPerIpPerHour", 3600, Vary.UserAndPhone)]
    [TestCase("client_per_minute", "Limits:SendsPerClientPerMinute", 60, Vary.UserAndPhone)]
    [TestCase("country_per_minute", "Limits:SendsPerCountryPerMinute", 60, Vary.UserAndPhone)]
    [TestCase("prefix_velocity", "Limits:DistinctNumbersPerPrefix", 600, Vary.UserAndPhone)]
    public async Task SendLimit_RefusesTheNextRequest_WithExactRetryAfter_AndReopens(string limit, string key, int windowSeconds, Vary vary)
    {
        var settings = new Dictionary<string, string?>
        {
            [key] = "3",
            ["Otp:ResendCooldown"] = "00:00:00",
            // Keep the other limits out of the way (phone-per-hour would otherwise also stop the per-day test).
            ["Limits:SendsPerPhonePerHour"] = limit == "phone_per_hour" ? "3" : "100",
        };
        var (a, b) = Hosts(settings);
        var number = 0;
        string Phone() => vary == Vary.User ? "+447700900100" : $"+4477009{++number:D5}"; // one 8-digit prefix, one country
        string User() => vary == Vary.Phone ? "user-fixed" : OtpClient.NewUserId();

        for (var i = 0; i < 3; i++)
        {
            using var admitted = await Client(i % 2 == 0 ? a : b).SendAsync(User(), Phone(), clientIp: "198.51.100.7");
            Assert.That(admitted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), $"send {i + 1} of 3");
        }

        a.Clock.Advance(Elapsed);
        using var refused = await Client(b).SendAsync(User(), Phone(), clientIp: "198.51.100.7");
        var problem = await ProblemAssert.IsProblem(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.That(problem["limit"]!.GetValue<string>(), Is.EqualTo(limit));
        Assert.That(refused.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(windowSeconds) - Elapsed));

        a.Clock.Advance(TimeSpan.FromSeconds(windowSeconds) - Elapsed - TimeSpan.FromSeconds(1));
        using var stillRefused = await Client(a).SendAsync(User(), Phone(), clientIp: "198.51.100.7");
        Assert.That(stillRefused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "one second before the window reopens");

        a.Clock.Advance(TimeSpan.FromSeconds(1));
        using var reopened = await Client(a).SendAsync(User(), Phone(), clientIp: "198.51.100.7");
        Assert.That(reopened.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "the window has reopened");
    }

    /// <summary>An attacker's own IPv6 /64 holds 2^64 addresses, and <c>::ffff:a.b.c.d</c>, NAT64, 6to4 and IPv4-translated
    /// addresses are other spellings of an IPv4 address: none may buy a fresh per-IP budget.</summary>
    [TestCase("2001:db8:7:1::1", "2001:db8:7:1::2", "2001:db8:7:1:ffff::9", "2001:db8:7:1:abcd:1234:5678:9abc")]
    [TestCase("203.0.113.9", "::ffff:203.0.113.9", "::FFFF:203.0.113.9", "203.0.113.9")]
    [TestCase("203.0.113.9", "64:ff9b::203.0.113.9", "2002:cb00:7109::1", "::ffff:0:203.0.113.9")]
    public async Task SendsPerIp_CountPerNetwork_NotPerSpelling(string first, string second, string third, string fourth)
    {
        var (a, b) = Hosts(new Dictionary<string, string?> { ["Limits:SendsPerIpPerHour"] = "3", ["Otp:ResendCooldown"] = "00:00:00" });
        var number = 0;
        string[] addresses = [first, second, third];
        for (var i = 0; i < 3; i++)
        {
            using var admitted = await Client(i % 2 == 0 ? a : b).SendAsync(OtpClient.NewUserId(), $"+4477009{++number:D5}", clientIp: addresses[i]);
            Assert.That(admitted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), $"send {i + 1} of 3 from {addresses[i]}");
        }

        using var refused = await Client(b).SendAsync(OtpClient.NewUserId(), $"+4477009{++number:D5}", clientIp: fourth);
        var problem = await ProblemAssert.IsProblem(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.That(problem["limit"]!.GetValue<string>(), Is.EqualTo("ip_per_hour"));

        using var neighbour = await Client(a).SendAsync(OtpClient.NewUserId(), $"+4477009{++number:D5}", clientIp: "2001:db8:7:2::1");
        Assert.That(neighbour.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "the next /64 is another network");
    }

    [Test]
    public async Task PrefixVelocity_AlreadySeenNumberIsFree_NewNumberIsRefused()
    {
        var (a, _) = Hosts(new Dictionary<string, string?> { ["Limits:DistinctNumbersPerPrefix"] = "2", ["Otp:ResendCooldown"] = "00:00:00" });
        var client = Client(a);
        await client.StartAsync(OtpClient.NewUserId(), "+447700900001");
        await client.StartAsync(OtpClient.NewUserId(), "+447700900002");

        using var repeat = await client.SendAsync(OtpClient.NewUserId(), "+447700900001");
        Assert.That(repeat.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "a number already seen adds nothing");
        using var fresh = await client.SendAsync(OtpClient.NewUserId(), "+447700900003");
        var problem = await ProblemAssert.IsProblem(fresh, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.That(problem["limit"]!.GetValue<string>(), Is.EqualTo("prefix_velocity"));
        using var otherBlock = await client.SendAsync(OtpClient.NewUserId(), "+447711900003");
        Assert.That(otherBlock.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "another number block is not affected");
    }

    [Test]
    public async Task RefusedSend_GivesBackWhatItCounted()
    {
        // user_per_hour admits; then the cooldown refuses: the refused send must not use up the user's hourly budget.
        var (a, _) = Hosts(new Dictionary<string, string?> { ["Limits:SendsPerUserPerHour"] = "2" });
        var client = Client(a);
        await client.StartAsync("user-x");
        for (var i = 0; i < 5; i++)
        {
            using var tooSoon = await client.SendAsync("user-x");
            await ProblemAssert.IsProblem(tooSoon, HttpStatusCode.TooManyRequests, "resend_too_soon");
        }

        a.Clock.Advance(TimeSpan.FromSeconds(30));
        using var second = await client.SendAsync("user-x");
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "the five refused sends counted nothing");
    }

    [Test]
    public async Task FailedVerifies_CapThePerUserTotal_AcrossVerifications_AndReopenAfterTheWindow()
    {
        var (a, b) = Hosts(new Dictionary<string, string?> { ["Limits:FailedVerifiesPerUserPerDay"] = "3" });
        var userId = OtpClient.NewUserId();
        var id = await Client(a).StartAsync(userId);
        var code = await Client(a).ReadCodeAsync(id);
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await Client(i % 2 == 0 ? a : b).VerifyAsync(id, OtpClient.WrongCode(code), userId);
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        }

        a.Clock.Advance(TimeSpan.FromSeconds(31));
        using var capped = await Client(b).VerifyAsync(id, code, userId);
        var problem = await ProblemAssert.IsProblem(capped, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.That(problem["limit"]!.GetValue<string>(), Is.EqualTo("user_failed_verifies_per_day"));
        Assert.That(capped.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromDays(1) - TimeSpan.FromSeconds(31)));

        // The victim of someone else's guessing gets a new code (sends are not blocked) and can use it once the window passes.
        a.Clock.Advance(TimeSpan.FromDays(1) - TimeSpan.FromSeconds(31) - TimeSpan.FromMinutes(2));
        var fresh = await Client(a).StartAsync(userId);
        var freshCode = await Client(a).ReadCodeAsync(fresh);
        using (var stillCapped = await Client(a).VerifyAsync(fresh, freshCode, userId))
        {
            Assert.That(stillCapped.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        }

        a.Clock.Advance(TimeSpan.FromMinutes(2));
        using var approved = await Client(b).VerifyAsync(fresh, freshCode, userId);
        Assert.That(approved.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task VerifiesPerIp_AreLimited()
    {
        var (a, b) = Hosts(new Dictionary<string, string?> { ["Limits:VerifiesPerIpPerHour"] = "3" });
        var userId = OtpClient.NewUserId();
        var id = await Client(a).StartAsync(userId);
        for (var i = 0; i < 3; i++)
        {
            using var counted = await Client(i % 2 == 0 ? a : b).VerifyAsync(id, "000000", userId, clientIp: "2001:db8::1");
            Assert.That(counted.StatusCode, Is.Not.EqualTo(HttpStatusCode.TooManyRequests));
        }

        using var refused = await Client(b).VerifyAsync(id, "000000", userId, clientIp: "2001:DB8:0::1");
        var problem = await ProblemAssert.IsProblem(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.That(problem["limit"]!.GetValue<string>(), Is.EqualTo("ip_verifies_per_hour"), "the same address in another spelling");
        Assert.That(refused.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromHours(1)));

        // The refusal happened before the attempt (in the same script on one server): the code was not tried or counted.
        using var elsewhere = await Client(a).VerifyAsync(id, "000000", userId, clientIp: "2001:db8:1::1");
        var incorrect = await ProblemAssert.IsProblem(elsewhere, HttpStatusCode.BadRequest, "incorrect_code");
        Assert.That(incorrect["attemptsRemaining"]!.GetValue<int>(), Is.EqualTo(1), "5 attempts: 3 counted, the refused one not, this one");
    }

    /// <summary>Issue 21: each malformed id spent one of the address's verifies, so a typo-ing client locked its users out.</summary>
    [Test]
    public async Task VerifiesPerIp_AreNotSpentByMalformedIds()
    {
        var (a, b) = Hosts(new Dictionary<string, string?> { ["Limits:VerifiesPerIpPerHour"] = "2" });
        for (var i = 0; i < 3; i++)
        {
            using var malformed = await Client(i % 2 == 0 ? a : b).VerifyAsync("not-an-id", "000000", OtpClient.NewUserId(), clientIp: "198.51.100.44");
            var problem = await ProblemAssert.IsProblem(malformed, HttpStatusCode.BadRequest, "validation_failed");
            Assert.That(problem["errors"]!["verificationId"], Is.Not.Null);
        }

        var userId = OtpClient.NewUserId();
        var id = await Client(a).StartAsync(userId);
        for (var i = 0; i < 2; i++)
        {
            using var counted = await Client(i % 2 == 0 ? a : b).VerifyAsync(id, "000000", userId, clientIp: "198.51.100.44");
            Assert.That(counted.StatusCode, Is.Not.EqualTo(HttpStatusCode.TooManyRequests), $"verify {i + 1} of the address's 2");
        }

        using var third = await Client(b).VerifyAsync(id, "000000", userId, clientIp: "198.51.100.44");
        await ProblemAssert.IsProblem(third, HttpStatusCode.TooManyRequests, "rate_limited");
    }

    private (SecureOtpApp A, SecureOtpApp B) Hosts(Dictionary<string, string?> settings)
    {
        var clock = SecureOtpApp.NewClock();
        settings["Redis:KeyPrefix"] = "rl" + Guid.NewGuid().ToString("N")[..10];
        var a = Track(new SecureOtpApp(store, settings, clock: clock, apiClients: SingleTenant));
        var b = store != StoreKind.InProcess ? Track(new SecureOtpApp(store, settings, clock: clock, apiClients: SingleTenant)) : a;
        return (a, b);
    }

    private readonly List<SecureOtpApp> apps = [];
    private readonly Dictionary<SecureOtpApp, OtpClient> clients = [];

    private SecureOtpApp Track(SecureOtpApp app)
    {
        apps.Add(app);
        return app;
    }

    private OtpClient Client(SecureOtpApp app) =>
        clients.TryGetValue(app, out var client) ? client : clients[app] = OtpClient.For(app);

    [TearDown]
    public void StopApps()
    {
        foreach (var app in apps)
        {
            app.Dispose();
        }

        apps.Clear();
        clients.Clear();
    }
}
