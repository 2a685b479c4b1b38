using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SecureOtp.Testing.Redis;

namespace SecureOtp.DeliveryFigures;

/// <summary>
/// One provider failing in one country: the route vonage, twilio for France (+33) and the UK (+44); the fake Vonage's
/// receipts say <c>failed</c> for 9 in 10 texts to France, 1 in 33 to the UK; Twilio delivers everything. A send to each
/// country every <c>interval</c> for <c>duration</c>, with <c>Sms:Routing:Window</c> and <c>DemotionPeriod</c> at their
/// 1 min minimum so a demotion and a restoration happen within the run. <c>GET /ops/routes</c> is polled to time them;
/// each send's outcome is read back from <c>GET /otp/{id}</c> once settled.
/// </summary>
internal static class DemotionRun
{
    public const string Failing = "33";
    public const string Healthy = "44";
    private const string SignatureSecret = "figures-signature-secret-0123456789";
    private static readonly TimeSpan RoutesPoll = TimeSpan.FromMilliseconds(250);

    /// <summary>The settings the fake provider must be started with to sign Vonage receipts as the service expects.</summary>
    public static readonly (string Secret, string Method) Signature = (SignatureSecret, "sha256hmac");

    public static async Task<DemotionFigures> RunAsync(string root, RedisServer redis, FakeProvider fake, TimeSpan duration, TimeSpan interval)
    {
        var port = LoopbackPorts.Free();
        var settings = FailoverCost.RouteSettings(fake, redis, "demotion");
        settings["Sms:Vonage:DeliveryReceiptUrl"] = $"http://127.0.0.1:{port}/webhooks/vonage/delivery-receipt";
        settings["Sms:Vonage:SignatureSecret"] = Signature.Secret;
        settings["Sms:Vonage:SignatureMethod"] = Signature.Method;
        settings["Sms:Twilio:StatusCallbackUrl"] = $"http://127.0.0.1:{port}/webhooks/twilio/message-status";
        settings["Sms:Routing:Window"] = "00:01:00";
        settings["Sms:Routing:DemotionPeriod"] = "00:01:00";
        using var service = await ServiceProcess.StartAsync(root, settings, port);
        using var api = service.Client();
        var france = Country.Run.Single(c => c.Code == Failing);
        var uk = Country.Run.Single(c => c.Code == Healthy);
        await fake.TwilioOutcomeAsync(Failing, "delivered", 300);
        await fake.TwilioOutcomeAsync(Healthy, "delivered", 300);

        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var orders = new ConcurrentQueue<(double Seconds, string Order)>();
        var poller = PollRoutesAsync(api, clock, orders, stop.Token);
        var sends = new List<Task<RoutedSend>>();
        using (var ticks = new PeriodicTimer(interval))
        {
            for (var i = 0; clock.Elapsed < duration; i++)
            {
                sends.Add(SendAsync(api, fake, france, vonageFails: i % 10 != 0, clock));
                sends.Add(SendAsync(api, fake, uk, vonageFails: i % 33 == 32, clock));
                await ticks.WaitForNextTickAsync();
            }
        }

        var done = await Task.WhenAll(sends);
        foreach (var s in done)
        {
            (s.Status, s.Provider) = await SettledAsync(api, s.VerificationId, TimeSpan.FromSeconds(30));
        }

        await stop.CancelAsync();
        await poller;
        return DemotionFigures.From(done, [.. orders], duration, interval);
    }

    private static async Task<RoutedSend> SendAsync(HttpClient api, FakeProvider fake, Country country, bool vonageFails, Stopwatch clock)
    {
        var phone = country.NewPhone();
        await fake.SetReceiptAsync(phone[1..], vonageFails ? "failed" : "delivered", vonageFails ? "1" : "0", 300);
        var at = clock.Elapsed.TotalSeconds;
        using var response = await api.PostAsJsonAsync("otp/send", new { userId = "u-" + Guid.NewGuid().ToString("N"), phoneNumber = phone, purpose = "login" });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        if ((int)response.StatusCode != 202)
        {
            throw new InvalidOperationException($"send answered {(int)response.StatusCode}: {body.ToJsonString()}");
        }

        return new RoutedSend(country.Code, at, body["verificationId"]!.GetValue<string>());
    }

    /// <summary>The text's final status and the provider that took it, once a receipt settled it (or <paramref name="within"/> passed).</summary>
    private static async Task<(string Status, string Provider)> SettledAsync(HttpClient api, string id, TimeSpan within)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var delivery = (await api.GetFromJsonAsync<JsonObject>($"otp/{id}"))!["delivery"]!;
            var status = delivery["status"]!.GetValue<string>();
            if (status != "submitted" || waited.Elapsed > within)
            {
                return (status, delivery["provider"]?.GetValue<string>() ?? "");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>France's current order as <c>GET /ops/routes</c> shows it, each time it changes.</summary>
    private static async Task PollRoutesAsync(HttpClient api, Stopwatch clock, ConcurrentQueue<(double, string)> orders, CancellationToken token)
    {
        var last = "";
        while (!token.IsCancellationRequested)
        {
            var routes = await api.GetFromJsonAsync<JsonObject>("ops/routes", CancellationToken.None);
            var france = routes!["countries"]!.AsArray().FirstOrDefault(c => c!["country"]!.GetValue<string>() == Failing);
            var order = france is null ? "vonage,twilio" : string.Join(',', france["current"]!.AsArray().Select(p => p!.GetValue<string>()));
            if (order != last)
            {
                orders.Enqueue((clock.Elapsed.TotalSeconds, order));
                last = order;
            }

            try
            {
                await Task.Delay(RoutesPoll, token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

/// <summary>One send of the run: its country, when it was sent (s from the start), and what became of it.</summary>
internal sealed class RoutedSend(string country, double at, string verificationId)
{
    public string Country { get; } = country;

    public double At { get; } = at;

    public string VerificationId { get; } = verificationId;

    public string Status { get; set; } = "";

    public string Provider { get; set; } = "";
}
