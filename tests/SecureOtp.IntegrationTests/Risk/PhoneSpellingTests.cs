using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Risk;

/// <summary>
/// One phone, one identity: "+447911123457", "+4407911123457" and "+44007911123457" ring the same phone, so every rule —
/// the resend cooldown, the per-phone limits, the pumping brake, denied prefixes — counts them as one number, and the
/// provider is asked to text the canonical form. Measured at the fake Vonage, on Redis.
/// </summary>
public sealed class PhoneSpellingTests : FakeVonageTests
{
    private const string Canonical = "+447911123457";

    private static readonly string[] Spellings = [Canonical, "+4407911123457", "+44007911123457"];

    [Test]
    public async Task ThreeSpellingsWithinTheCooldown_GetOneText_ToTheCanonicalNumber()
    {
        using var app = Vonage.App();
        var client = OtpClient.For(app);

        using var first = await client.SendAsync(OtpClient.NewUserId(), Spellings[0]);
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        foreach (var spelling in Spellings[1..])
        {
            // Another user each time, so only the number's own cooldown can stand in the way.
            using var again = await client.SendAsync(OtpClient.NewUserId(), spelling);
            await ProblemAssert.IsProblem(again, HttpStatusCode.TooManyRequests, "resend_too_soon");
        }

        Assert.That(await Vonage.RequestsAsync(), Is.EqualTo(1), "one text for one phone");
        Assert.That(await Vonage.MessagesAsync(Canonical[1..]), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ASpellingWithTheTrunkPrefix_IsTextedInCanonicalForm()
    {
        using var app = Vonage.App();

        using var response = await OtpClient.For(app).SendAsync(OtpClient.NewUserId(), "+44007911123457");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(await Vonage.MessagesAsync(Canonical[1..]), Has.Count.EqualTo(1), "the provider gets 447911123457");
        Assert.That(app.LogText(), Does.Not.Contain("7911123457"), "logs show the canonical number masked");
    }

    [Test]
    public async Task PerPhoneLimit_CountsEverySpellingAsOneNumber()
    {
        using var app = Vonage.App(("Otp:ResendCooldown", "00:00:00"), ("Limits:SendsPerPhonePerHour", "1"));
        var client = OtpClient.For(app);

        using var first = await client.SendAsync(OtpClient.NewUserId(), Spellings[0]);
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        foreach (var spelling in Spellings[1..])
        {
            using var again = await client.SendAsync(OtpClient.NewUserId(), spelling);
            var problem = await ProblemAssert.IsProblem(again, HttpStatusCode.TooManyRequests, "rate_limited");
            Assert.That(problem["limit"]!.GetValue<string>(), Is.EqualTo("phone_per_hour"), spelling);
        }

        Assert.That(await Vonage.RequestsAsync(), Is.EqualTo(1));
    }

    [TestCase("+4407911912345")]
    [TestCase("+44007911912345")]
    public async Task DeniedPrefix_RefusesTheNumberWhateverItsSpelling(string spelling)
    {
        using var app = Vonage.App(("Risk:DeniedPrefixes:0", "+4479119"));

        using var response = await OtpClient.For(app).SendAsync(OtpClient.NewUserId(), spelling);

        await ProblemAssert.IsProblem(response, HttpStatusCode.Forbidden, "destination_not_allowed");
        Assert.That(await Vonage.RequestsAsync(), Is.Zero);
    }

    [Test]
    public async Task PrefixBrake_SeesOneNumberBlock_WhateverTheSpelling()
    {
        using var app = Vonage.App(("Otp:ResendCooldown", "00:00:00"), ("Limits:DistinctNumbersPerPrefix", "1"));
        var client = OtpClient.For(app);

        using var first = await client.SendAsync(OtpClient.NewUserId(), Canonical);
        using var sameNumber = await client.SendAsync(OtpClient.NewUserId(), "+44007911123457");
        using var nextNumber = await client.SendAsync(OtpClient.NewUserId(), "+4407911123458");

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(sameNumber.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "a number already seen is free, however spelled");
        var problem = await ProblemAssert.IsProblem(nextNumber, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.That(problem["limit"]!.GetValue<string>(), Is.EqualTo("prefix_velocity"), "+44 0 7911 123458 is in block 44791112");
    }
}
