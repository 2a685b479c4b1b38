using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Telemetry;

/// <summary>
/// A send and a verify, through real Redis and the fake Vonage process, seen by in-process listeners: the spans with
/// their parent/child links and attributes, and the metric points. Then a leak check over every log line and span attribute.
/// </summary>
public sealed partial class TracesAndMetricsTests
{
    private static readonly string[] VerifyChildren = ["redis attempt"];
    private FakeVonageServer vonage = null!;

    [OneTimeSetUp]
    public void StartFake() => vonage = FakeVonageServer.Start();

    [OneTimeTearDown]
    public void StopFake() => vonage.Dispose();

    [Test]
    public async Task SendAndVerify_EmitSpansWithParentChildLinks_AndMetricPoints()
    {
        using var capture = new TelemetryCapture();
        using var app = new SecureOtpApp(StoreKind.Redis, vonage.ServiceSettings());
        var client = OtpClient.For(app);
        var phone = OtpClient.NewPhone();

        var userId = OtpClient.NewUserId();

        var id = await client.StartAsync(userId, phone, purpose: "payment");
        var code = CodePattern().Match((await vonage.MessagesAsync(phone[1..])).Single()!["text"]!.GetValue<string>()).Value;
        using (var verified = await client.VerifyAsync(id, code, userId))
        {
            Assert.That(verified.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var send = capture.Named("otp.send").Single();
        Assert.Multiple(() =>
        {
            Assert.That(send.GetTagItem("secureotp.outcome"), Is.EqualTo("sent"));
            Assert.That(send.GetTagItem("secureotp.purpose"), Is.EqualTo("payment"));
            Assert.That(send.GetTagItem("secureotp.client"), Is.EqualTo("full"));
            Assert.That(send.Parent?.Source.Name, Is.EqualTo("Microsoft.AspNetCore"), "under the ASP.NET Core server span");
        });

        var sendChildren = capture.Spans.Where(s => IsDescendant(s, send)).Select(s => s.DisplayName).ToList();
        Assert.That(sendChildren, Does.Contain("redis start").And.Contain("sms.send")
            .And.Contain("sms.attempt").And.Contain("simswap.check"), string.Join(", ", sendChildren));
        Assert.That(sendChildren, Has.No.Member("redis ratelimit"), "on one server the limits run in the start's own call");
        var redisStart = capture.Named("redis start").Single(s => IsDescendant(s, send));
        Assert.That(redisStart.GetTagItem("db.system"), Is.EqualTo("redis"));
        Assert.That(redisStart.Kind, Is.EqualTo(ActivityKind.Client));
        var attempt = capture.Named("sms.attempt").Single();
        Assert.That(attempt.Parent?.DisplayName, Is.EqualTo("sms.send"));
        Assert.That(attempt.GetTagItem("http.response.status_code"), Is.EqualTo(200));

        var verify = capture.Named("otp.verify").Single();
        Assert.That(verify.GetTagItem("secureotp.outcome"), Is.EqualTo("approved"));
        var verifyChildren = capture.Spans.Where(s => s.Parent == verify).Select(s => s.DisplayName).ToList();
        Assert.That(verifyChildren, Is.EquivalentTo(VerifyChildren));

        capture.CollectObservables();
        Assert.Multiple(() =>
        {
            Assert.That(capture.HasPoint("secureotp.send.requests", "outcome", "sent"), Is.True);
            Assert.That(capture.HasPoint("secureotp.verify.requests", "outcome", "approved"), Is.True);
            Assert.That(capture.HasPoint("secureotp.sms.duration", "outcome", "accepted"), Is.True);
            Assert.That(capture.HasPoint("secureotp.redis.duration", "operation", "attempt"), Is.True);
            Assert.That(capture.HasPoint("secureotp.simswap.checks", "result", "not_checked"), Is.True);
            Assert.That(capture.Points.Any(p => p.Instrument == "secureotp.sms.circuit_state"), Is.True);
            Assert.That(capture.Points.Any(p => p.Instrument == "http.server.request.duration"), Is.True, "ASP.NET Core's own meter");
        });
    }

    [Test]
    public async Task RejectionsAndFailures_AreCountedByScopeAndOutcome()
    {
        using var capture = new TelemetryCapture();
        var settings = vonage.ServiceSettings();
        settings["Limits:SendsPerPhonePerHour"] = "1";
        using var app = new SecureOtpApp(StoreKind.Redis, settings);
        var client = OtpClient.For(app);
        var phone = OtpClient.NewPhone();
        await client.StartAsync(OtpClient.NewUserId(), phone);
        using (await client.SendAsync(OtpClient.NewUserId(), phone))
        {
        }

        var failing = OtpClient.NewPhone();
        await vonage.FailAsync(new { to = failing[1..], kind = "status", status = "5" });
        using (await client.SendAsync(OtpClient.NewUserId(), failing))
        {
        }

        Assert.Multiple(() =>
        {
            Assert.That(capture.HasPoint("secureotp.ratelimit.rejections", "scope", "phone_per_hour"), Is.True);
            Assert.That(capture.HasPoint("secureotp.send.requests", "outcome", "rate_limited"), Is.True);
            Assert.That(capture.HasPoint("secureotp.send.requests", "outcome", "sms_unavailable"), Is.True);
            Assert.That(capture.Points.Count(p => p.Instrument == "secureotp.sms.retries"), Is.EqualTo(2), "status 5 is retried twice");
            Assert.That(capture.Named("sms.attempt").Count(a => Equals(a.GetTagItem("secureotp.vonage.status"), "5")), Is.EqualTo(3),
                "each retry is its own span");
        });
    }

    [Test]
    public async Task FullFlowsWithDebugLogging_LeakNoCodePhoneKeyOrSecret_InLogsOrSpans()
    {
        using var capture = new TelemetryCapture();
        var settings = vonage.ServiceSettings();
        settings["Logging:LogLevel:Default"] = "Debug";
        settings["Logging:LogLevel:Microsoft"] = "Debug";
        using var app = new SecureOtpApp(StoreKind.Redis, settings);
        var client = OtpClient.For(app);
        const string userId = "leak-check-user@example.com";
        var phone = OtpClient.NewPhone();
        var failingPhone = OtpClient.NewPhone();

        var id = await client.StartAsync(userId, phone);
        var code = CodePattern().Match((await vonage.MessagesAsync(phone[1..])).Single()!["text"]!.GetValue<string>()).Value;
        using (await client.VerifyAsync(id, OtpClient.WrongCode(code), userId))
        using (await client.VerifyAsync(id, code, userId))
        {
        }

        await vonage.FailAsync(new { to = failingPhone[1..], kind = "http", httpStatus = 500 });
        using (await client.SendAsync(userId + "-2", failingPhone))
        {
        }

        var logs = app.LogText();
        var spans = string.Join("\n", capture.Spans.SelectMany(s => s.TagObjects.Select(t => $"{s.DisplayName} {t.Key}={t.Value}")
            .Append(s.DisplayName).Append(s.StatusDescription ?? "")));
        Assert.That(logs, Does.Contain("Debug"), "debug logging was really on");
        foreach (var secret in new[]
                 {
                     code, OtpClient.WrongCode(code), phone, phone[1..], failingPhone, failingPhone[1..], userId, TestApiKeys.Full,
                     FakeVonageServer.ApiSecret, "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=",
                 })
        {
            Assert.That(logs, Does.Not.Contain(secret), $"a log line holds '{secret}'");
            Assert.That(spans, Does.Not.Contain(secret), $"a span attribute holds '{secret}'");
        }
    }

    private static bool IsDescendant(Activity span, Activity ancestor)
    {
        for (var parent = span.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"\b[0-9]{6}\b")]
    private static partial Regex CodePattern();
}
