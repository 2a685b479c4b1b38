using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Risk;

/// <summary>
/// A number's resend cooldown, hour and day budgets read one log, and a user's purpose cooldowns and hourly budget
/// another (issue 27: two keys per send instead of five). Each limit must still mean what it meant with its own log:
/// the hour window ends while the day's entries stay, a failed text gives back its cooldown but still counts in the
/// budgets, only its own entry is given back, and each purpose has its own cooldown.
/// </summary>
[TestFixture(StoreKind.Redis)]
[TestFixture(StoreKind.InProcess)]
[TestFixture(StoreKind.RedisCluster)]
public sealed class SharedLogTests(StoreKind store)
{
    private static readonly TimeSpan Cooldown = TimeSpan.FromSeconds(30);

    [Test]
    public async Task HourAndDayBudgets_OnOneLog_EachEndExactlyAtItsOwnWindow()
    {
        using var app = App(new() { ["Limits:SendsPerPhonePerHour"] = "2", ["Limits:SendsPerPhonePerDay"] = "3", ["Otp:ResendCooldown"] = "00:00:00" });
        var client = OtpClient.For(app);
        var phone = OtpClient.NewPhone();
        await client.StartAsync(OtpClient.NewUserId(), phone);
        await client.StartAsync(OtpClient.NewUserId(), phone);

        app.Clock.Advance(TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));
        using (var hourly = await client.SendAsync(OtpClient.NewUserId(), phone))
        {
            var problem = await ProblemAssert.IsProblem(hourly, HttpStatusCode.TooManyRequests, "rate_limited");
            Assert.That(problem["limit"]!.GetValue<string>(), Is.EqualTo("phone_per_hour"));
            Assert.That(hourly.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(1)));
        }

        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await client.StartAsync(OtpClient.NewUserId(), phone);
        using var daily = await client.SendAsync(OtpClient.NewUserId(), phone);
        var dayProblem = await ProblemAssert.IsProblem(daily, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.That(dayProblem["limit"]!.GetValue<string>(), Is.EqualTo("phone_per_day"), "the hour window passed, the day's entries stayed");
        Assert.That(daily.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromHours(23)));
    }

    [Test]
    public async Task FailedText_GivesBackItsCooldown_ButStillCountsInTheNumbersAndUsersBudgets()
    {
        using var app = App(new() { ["Limits:SendsPerPhonePerHour"] = "2", ["Limits:SendsPerUserPerHour"] = "2" });
        var (client, vonage) = (OtpClient.For(app), new ReceiptPoster(app.CreateClient(), app.Clock));
        var (userId, phone) = (OtpClient.NewUserId(), OtpClient.NewPhone());
        var first = await client.StartAsync(userId, phone);
        using (await vonage.PostAsync(await ReceiptPoster.MessageIdAsync(client, first), "failed"))
        {
        }

        using (var resend = await client.SendAsync(userId, phone))
        {
            Assert.That(resend.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "the failed text's cooldown was given back");
        }

        app.Clock.Advance(Cooldown);
        using var third = await client.SendAsync(userId, phone);
        var problem = await ProblemAssert.IsProblem(third, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.That(problem["limit"]!.GetValue<string>(), Is.AnyOf("phone_per_hour", "user_per_hour"), "the failed text was paid for");
        Assert.That(third.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromHours(1) - Cooldown));
    }

    [Test]
    public async Task FailedOlderText_LeavesTheNewerSendsCooldownInPlace()
    {
        using var app = App([]);
        var (client, vonage) = (OtpClient.For(app), new ReceiptPoster(app.CreateClient(), app.Clock));
        var (userId, phone) = (OtpClient.NewUserId(), OtpClient.NewPhone());
        var older = await client.StartAsync(userId, phone);
        var olderMessage = await ReceiptPoster.MessageIdAsync(client, older);
        app.Clock.Advance(Cooldown);
        await client.StartAsync(userId, phone);

        using (var failed = await vonage.PostAsync(olderMessage, "failed"))
        {
            Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        using var tooSoon = await client.SendAsync(userId, phone);
        await ProblemAssert.IsProblem(tooSoon, HttpStatusCode.TooManyRequests, "resend_too_soon");
        Assert.That(tooSoon.Headers.RetryAfter?.Delta, Is.EqualTo(Cooldown), "the newer send's cooldown, untouched");
    }

    [Test]
    public async Task EachPurpose_HasItsOwnCooldown_InTheUsersOneLog()
    {
        using var app = App([]);
        var client = OtpClient.For(app);
        var userId = OtpClient.NewUserId();
        await client.StartAsync(userId, OtpClient.NewPhone(), purpose: "login");
        app.Clock.Advance(TimeSpan.FromSeconds(5));

        using (var otherPurpose = await client.SendAsync(userId, OtpClient.NewPhone(), purpose: "signup"))
        {
            Assert.That(otherPurpose.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "another purpose's cooldown is its own");
        }

        using var samePurpose = await client.SendAsync(userId, OtpClient.NewPhone(), purpose: "login");
        await ProblemAssert.IsProblem(samePurpose, HttpStatusCode.TooManyRequests, "resend_too_soon");
        Assert.That(samePurpose.Headers.RetryAfter?.Delta, Is.EqualTo(Cooldown - TimeSpan.FromSeconds(5)), "a new number buys no earlier code");
    }

    private SecureOtpApp App(Dictionary<string, string?> settings)
    {
        foreach (var (key, value) in ReceiptPoster.Settings())
        {
            settings[key] = value;
        }

        settings.TryAdd("Otp:ResendCooldown", "00:00:30");
        return new SecureOtpApp(store, settings, apiClients: ["full"]);
    }
}
