using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SecureOtp.Testing.Redis;

namespace SecureOtp.DeliveryFigures;

/// <summary>
/// One phase of the channel figures: <c>sends</c> sends to France (+33) and as many to the UK (+44), each with the
/// given <c>channels</c>. The fake Vonage's receipts say <c>failed</c> for 4 texts in 5 to France and 1 in 33 to the UK.
/// When the fake is asked for a voice call, the call's events are posted to the service as Vonage would (signed):
/// <c>answered</c> then <c>completed</c>, or <c>unanswered</c> for 1 call in 10. A user who got the code (a delivered
/// text, or a completed call) types it in 9 times in 10; nobody types a code never received. Who fails, answers and
/// verifies is spread evenly by index, so both phases plan the same traffic.
/// </summary>
internal static partial class ChannelPhase
{
    public const string Failing = "33";
    public const string Healthy = "44";
    private const int Concurrency = 8;

    /// <summary>How long a user whose text failed waits for a call before giving up (the fallback on a failed receipt is
    /// immediate; Delivery:ChannelTimeout is set longer, so a call here comes from the receipt, not the timer).</summary>
    private static readonly TimeSpan CallWait = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan ChannelTimeout = TimeSpan.FromSeconds(30);

    public static async Task<ChannelPhaseFigures> RunAsync(
        string root, RedisServer redis, FakeProvider fake, VonageApplicationKey key, string[] channels, int sends)
    {
        var port = LoopbackPorts.Free();
        using var service = await ServiceProcess.StartAsync(root, Settings(redis, fake, key, port, string.Join('-', channels)), port);
        using var api = service.Client();
        using var webhooks = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
        var plan = Enumerable.Range(0, sends).SelectMany(i => new[]
        {
            new ChannelSend(Failing, smsFails: i % 5 != 0, callAnswered: i % 10 != 9, userVerifies: i % 10 != 3),
            new ChannelSend(Healthy, smsFails: i % 33 == 32, callAnswered: i % 10 != 9, userVerifies: i % 10 != 3),
        }).ToList();

        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(plan, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (s, _) =>
        {
            try
            {
                await OneAsync(s, api, webhooks, fake, channels);
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException)
            {
                throw new InvalidOperationException($"{e.Message}\n{service.Tail()}", e);
            }
        });
        var elapsed = clock.Elapsed;
        if (channels.Contains("voice"))
        {
            // Past every delivery's Delivery:ChannelTimeout, so a call the timer would place a second time has come.
            await Task.Delay(ChannelTimeout + TimeSpan.FromSeconds(5));
            foreach (var s in plan)
            {
                s.Calls = (await fake.VoiceCallsAsync(s.Digits)).Length;
            }

            if (plan.Any(s => s.SmsFails && s.Calls == 0))
            {
                Console.WriteLine($"  {plan.Count(s => s.SmsFails && s.Calls == 0)} failed texts got no call; the service's last lines:\n{service.Tail()}");
            }
        }

        return ChannelPhaseFigures.From(channels, plan, elapsed);
    }

    private static async Task OneAsync(ChannelSend s, HttpClient api, HttpClient webhooks, FakeProvider fake, string[] channels)
    {
        var country = Country.Run.Single(c => c.Code == s.Country);
        var phone = country.NewPhone();
        var digits = s.Digits = phone[1..];
        await fake.SetReceiptAsync(digits, s.SmsFails ? "failed" : "delivered", s.SmsFails ? "1" : "0", 300);
        var userId = "u-" + Guid.NewGuid().ToString("N");
        using var response = await api.PostAsJsonAsync("otp/send", new { userId, phoneNumber = phone, purpose = "login", channels });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        if ((int)response.StatusCode != 202)
        {
            throw new InvalidOperationException($"send answered {(int)response.StatusCode}: {body.ToJsonString()}");
        }

        var id = body["verificationId"]!.GetValue<string>();
        var textedCode = await fake.CodeAsync(digits);
        string? code = null;
        if (!s.SmsFails)
        {
            s.SmsDelivered = await SettledAsync(api, id) == "delivered";
            code = s.SmsDelivered ? textedCode : null;
        }
        else if (await CallAsync(fake, digits) is { } call)
        {
            code = await AnswerAsync(s, call, webhooks, fake);
            s.SameCode = code == textedCode;
        }

        if (code is not null && s.UserVerifies)
        {
            using var verified = await api.PostAsJsonAsync("otp/verify", new { verificationId = id, code, userId });
            s.Approved = (int)verified.StatusCode == 200;
        }

        s.Calls = (await fake.VoiceCallsAsync(digits)).Length;
    }

    /// <summary>The first call to the number, once the service placed it (within <see cref="CallWait"/>), or null.</summary>
    private static async Task<(string Id, string Text)?> CallAsync(FakeProvider fake, string digits)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < CallWait)
        {
            if (await fake.VoiceCallsAsync(digits) is [var first, ..])
            {
                return first;
            }

            await Task.Delay(250);
        }

        return null;
    }

    /// <summary>Posts the call's signed events; the code the user heard, or null when they did not pick up.</summary>
    private static async Task<string?> AnswerAsync(ChannelSend s, (string Id, string Text) call, HttpClient webhooks, FakeProvider fake)
    {
        string[] events = s.CallAnswered ? ["answered", "completed"] : ["unanswered"];
        foreach (var status in events)
        {
            var (body, authorization) = await fake.SignedEventAsync(call.Id, status);
            using var request = new HttpRequestMessage(HttpMethod.Post, "webhooks/vonage/voice-event")
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
            using var answer = await webhooks.SendAsync(request);
            s.EventsRefused += answer.IsSuccessStatusCode ? 0 : 1;
        }

        s.CallCompleted = s.CallAnswered;
        return s.CallAnswered ? string.Concat(SpokenDigit().Matches(call.Text).Take(6).Select(m => m.Groups[1].Value)) : null;
    }

    private static async Task<string> SettledAsync(HttpClient api, string id)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var status = (await api.GetFromJsonAsync<JsonObject>($"otp/{id}"))!["delivery"]!["status"]!.GetValue<string>();
            if (status != "submitted" || waited.Elapsed > TimeSpan.FromSeconds(30))
            {
                return status;
            }

            await Task.Delay(200);
        }
    }

    /// <summary>The service's SMS and voice settings against the fakes; a key prefix per phase.</summary>
    private static Dictionary<string, string> Settings(RedisServer redis, FakeProvider fake, VonageApplicationKey key, int port, string name) => new()
    {
        ["Redis:Configuration"] = redis.Configuration,
        ["Redis:KeyPrefix"] = "channels-" + name,
        ["Sms:Provider"] = "Vonage",
        ["Sms:Vonage:BaseUrl"] = fake.BaseUrl.ToString(),
        ["Sms:Vonage:ApiKey"] = "fake-key",
        ["Sms:Vonage:ApiSecret"] = "fake-secret",
        ["Sms:Vonage:From"] = "SecureOtp",
        ["Sms:Vonage:SignatureSecret"] = DemotionRun.Signature.Secret,
        ["Sms:Vonage:SignatureMethod"] = DemotionRun.Signature.Method,
        ["Sms:Vonage:DeliveryReceiptUrl"] = $"http://127.0.0.1:{port}/webhooks/vonage/delivery-receipt",
        ["Delivery:Channels:voice:Enabled"] = "true",
        ["Delivery:ChannelTimeout"] = ChannelTimeout.ToString("c", CultureInfo.InvariantCulture),
        ["Delivery:Vonage:BaseUrl"] = fake.BaseUrl.ToString(),
        ["Delivery:Vonage:ApplicationId"] = VonageApplicationKey.ApplicationId,
        ["Delivery:Vonage:PrivateKeyPath"] = key.PrivateKeyPath,
        ["Delivery:Vonage:SignatureSecret"] = ChannelsRun.EventSecret,
        ["Delivery:VonageVoice:From"] = "447700900999",
        ["Delivery:VonageVoice:EventUrl"] = $"http://127.0.0.1:{port}/webhooks/vonage/voice-event",
    };

    /// <summary>One digit of the code as the speech reads it (SSML say-as characters).</summary>
    [GeneratedRegex(@"interpret-as=""characters"">([0-9])</say-as>")]
    private static partial Regex SpokenDigit();
}

/// <summary>One send of a phase: what the fakes will do with it, and what came of it.</summary>
internal sealed class ChannelSend(string country, bool smsFails, bool callAnswered, bool userVerifies)
{
    public string Country { get; } = country;

    public bool SmsFails { get; } = smsFails;

    public bool CallAnswered { get; } = callAnswered;

    public bool UserVerifies { get; } = userVerifies;

    /// <summary>The number, digits only, once sent.</summary>
    public string Digits { get; set; } = "";

    public bool SmsDelivered { get; set; }

    public int Calls { get; set; }

    public bool CallCompleted { get; set; }

    public bool SameCode { get; set; }

    public int EventsRefused { get; set; }

    public bool Approved { get; set; }
}
