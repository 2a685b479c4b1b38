using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SecureOtp.Client.Webhooks;

namespace SecureOtp.Client.Tests;

/// <summary>The webhook receiver takes an event only with a valid Standard Webhooks signature and a fresh timestamp.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class WebhookTests
{
    // The Standard Webhooks specification's published test vector.
    private const string SpecSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string SpecId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long SpecTimestamp = 1614265330;
    private const string SpecBody = """{"test": 2432232314}""";
    private const string SpecSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private const string Body = """{"type":"verification.approved","timestamp":"2026-12-07T10:00:00Z","data":{"verificationId":"v-1","userId":"u-1","purpose":"login","channel":"sms","extra":7}}""";

    private static readonly string Secret = "whsec_" + Convert.ToBase64String(Enumerable.Range(1, 24).Select(i => (byte)i).ToArray());
    private static readonly string OtherSecret = "whsec_" + Convert.ToBase64String(Enumerable.Range(50, 24).Select(i => (byte)i).ToArray());

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero));
    private readonly List<SecureOtpWebhookEvent> handled = [];

    [Test]
    public void The_signer_reproduces_the_specifications_test_vector()
    {
        var key = StandardWebhookSignature.KeyOf(SpecSecret)!;

        var signature = StandardWebhookSignature.Sign(key, SpecId, SpecTimestamp, Encoding.UTF8.GetBytes(SpecBody));

        Assert.That("v1," + Convert.ToBase64String(signature), Is.EqualTo(SpecSignature));
        Assert.That(StandardWebhookSignature.Matches([key], SpecId, SpecTimestamp, Encoding.UTF8.GetBytes(SpecBody), "v1a,xyz " + SpecSignature), Is.True);
        Assert.That(StandardWebhookSignature.Matches([key], SpecId, SpecTimestamp + 1, Encoding.UTF8.GetBytes(SpecBody), SpecSignature), Is.False);
    }

    [Test]
    public async Task A_signed_fresh_event_reaches_the_handler_typed()
    {
        var context = Delivery(Body, Sign(Secret, "msg_1", Now, Body));

        await Endpoint(Secret).HandleAsync(context);

        Assert.That(context.Response.StatusCode, Is.EqualTo(204));
        var received = handled.Single();
        Assert.That(received.Id, Is.EqualTo("msg_1"));
        Assert.That(received.Type, Is.EqualTo(SecureOtpEventTypes.VerificationApproved));
        Assert.That(received.Data.VerificationId, Is.EqualTo("v-1"));
        Assert.That(received.Data.UserId, Is.EqualTo("u-1"));
        Assert.That(received.Data.Channel, Is.EqualTo("sms"));
        Assert.That(received.RawData.GetProperty("extra").GetInt32(), Is.EqualTo(7));
    }

    [Test]
    public async Task Any_listed_signature_under_any_configured_secret_will_do()
    {
        // The sender signs with its old and new secret during a rotation; this receiver knows only the new one.
        var header = $"{Sign(OtherSecret, "msg_1", Now, Body)} {Sign(Secret, "msg_1", Now, Body)}";
        var context = Delivery(Body, header);

        await Endpoint(Secret, "whsec_" + Convert.ToBase64String(new byte[24])).HandleAsync(context);

        Assert.That(context.Response.StatusCode, Is.EqualTo(204));
    }

    [Test]
    public async Task A_wrong_secret_a_changed_body_or_a_missing_header_is_refused_and_handled_by_nobody()
    {
        var wrongSecret = Delivery(Body, Sign(OtherSecret, "msg_1", Now, Body));
        var changedBody = Delivery(Body.Replace("u-1", "u-2", StringComparison.Ordinal), Sign(Secret, "msg_1", Now, Body));
        var noSignature = Delivery(Body, null);

        foreach (var context in new[] { wrongSecret, changedBody, noSignature })
        {
            await Endpoint(Secret).HandleAsync(context);
            Assert.That(context.Response.StatusCode, Is.EqualTo(401));
        }

        Assert.That(handled, Is.Empty);
    }

    [TestCase(-301, 401)]
    [TestCase(-299, 204)]
    [TestCase(299, 204)]
    [TestCase(301, 401)]
    public async Task The_timestamp_must_be_within_five_minutes_of_now(int offsetSeconds, int expected)
    {
        var stamped = Now + offsetSeconds;
        var context = Delivery(Body, Sign(Secret, "msg_1", stamped, Body), stamped);

        await Endpoint(Secret).HandleAsync(context);

        Assert.That(context.Response.StatusCode, Is.EqualTo(expected));
    }

    [Test]
    public async Task A_body_over_the_limit_is_refused_unread()
    {
        var big = new string('x', 70 * 1024);
        var context = Delivery(big, Sign(Secret, "msg_1", Now, big));

        await Endpoint(Secret).HandleAsync(context);

        Assert.That(context.Response.StatusCode, Is.EqualTo(413));
    }

    private long Now => time.GetUtcNow().ToUnixTimeSeconds();

    private SecureOtpWebhookEndpoint Endpoint(params string[] secrets)
    {
        var options = new SecureOtpWebhookOptions();
        foreach (var secret in secrets)
        {
            options.Secrets.Add(secret);
        }

        return new SecureOtpWebhookEndpoint(options, (e, _) => { handled.Add(e); return Task.CompletedTask; }, time, NullLogger.Instance);
    }

    private static string Sign(string secret, string id, long timestamp, string body) =>
        "v1," + Convert.ToBase64String(HMACSHA256.HashData(StandardWebhookSignature.KeyOf(secret)!, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));

    private DefaultHttpContext Delivery(string body, string? signature, long? timestamp = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        context.Request.Headers["webhook-id"] = "msg_1";
        context.Request.Headers["webhook-timestamp"] = (timestamp ?? Now).ToString(CultureInfo.InvariantCulture);
        if (signature is not null)
        {
            context.Request.Headers["webhook-signature"] = signature;
        }

        return context;
    }
}
