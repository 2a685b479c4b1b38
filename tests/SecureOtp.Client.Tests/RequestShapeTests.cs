using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SecureOtp.Client.Tests;

/// <summary>What goes on the wire: paths, the key header, bodies; and what never reaches a log.</summary>
public sealed class RequestShapeTests
{
    [Test]
    public async Task Calls_go_under_the_base_address_with_the_api_key_and_escaped_path_segments()
    {
        using var harness = new ClientHarness();
        harness.Handler.Then(HttpStatusCode.NoContent);

        await harness.Client.TotpDeleteAsync("org/42");
        await harness.Client.CancelAsync("abc_-DEF");

        Assert.That(harness.Handler.Requests[0].Uri.AbsoluteUri, Is.EqualTo("http://otp.test/base/totp/org%2F42"));
        Assert.That(harness.Handler.Requests[1].Uri.AbsoluteUri, Is.EqualTo("http://otp.test/base/otp/abc_-DEF"));
        Assert.That(harness.Handler.Requests[0].Headers["X-Api-Key"], Is.EqualTo(ClientHarness.ApiKey));
    }

    [Test]
    public async Task Bodies_are_camel_case_json_without_unset_fields()
    {
        using var harness = new ClientHarness();
        harness.Handler.ThenOk("""{"verificationId":"v","status":"pending","channel":"voice","expiresAt":"2026-12-07T10:05:00Z","maxAttempts":5}""", HttpStatusCode.Accepted);

        var sent = await harness.Client.SendAsync(new SendRequest { UserId = "u-1", PhoneNumber = "+14155550100", Channels = [OtpChannels.Voice] });
        await harness.Client.VerifyByUserAsync(new VerifyByUserRequest { UserId = "u-1", Purpose = "login", Code = "123456" });

        Assert.That(sent.Value!.Channel, Is.EqualTo("voice"));
        var send = JsonNode.Parse(harness.Handler.Requests[0].Body!)!.AsObject();
        Assert.That(send.Select(p => p.Key), Is.EqualTo((string[])["userId", "phoneNumber", "channels"]));
        Assert.That(send["phoneNumber"]!.GetValue<string>(), Is.EqualTo("+14155550100"));
        var verify = JsonNode.Parse(harness.Handler.Requests[1].Body!)!.AsObject();
        Assert.That(verify.ToJsonString(), Is.EqualTo("""{"userId":"u-1","purpose":"login","code":"123456"}"""));
    }

    [Test]
    public async Task The_api_key_never_reaches_a_log_even_at_trace_level_with_retries()
    {
        using var harness = new ClientHarness();
        harness.Handler.ThenProblem(503, ProblemTypes.StoreUnavailable).ThenNoAnswer().ThenOk(
            """{"status":"approved","verificationId":"v-1"}""");

        await harness.RunAsync(c => c.VerifyAsync(ClientHarness.Verify));

        var logs = harness.Logs.GetSnapshot();
        Assert.That(logs.Any(r => r.Level == LogLevel.Warning), Is.True, "the retries were logged");
        Assert.That(logs.Select(r => r.Message + " " + string.Join(",", r.StructuredState?.Select(s => s.Value) ?? [])),
            Has.None.Contains(ClientHarness.ApiKey));
    }

    [Test]
    public void The_options_must_name_a_base_address_and_a_key_and_the_failure_never_shows_the_key()
    {
        Assert.That(() => new ClientHarness(o => o.ApiKey = " "), Throws.InstanceOf<OptionsValidationException>().With.Message.Contains("ApiKey"));
        var thrown = Assert.Throws<OptionsValidationException>(() => new ClientHarness(o => o.BaseAddress = new Uri("/relative", UriKind.Relative)));
        Assert.That(thrown!.Message, Does.Contain("BaseAddress").And.Not.Contain(ClientHarness.ApiKey));
    }
}
