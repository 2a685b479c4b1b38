// Drives ~200 sends through the service (hosted here, on real Kestrel and real Redis) to the fake Vonage server, which
// posts a signed delivery receipt per text after a per-country delay, failing a per-country share of them. "Users"
// verify most delivered codes, none of the undelivered ones. The service's own meter is read in process (MeterTally),
// and the figures the dashboard's delivery panels show are written to <out>/results.json and <out>/results.md;
// benchmarks/delivery/plot.py renders them as <out>/delivery.png.
//
//   dotnet run --project benchmarks/SecureOtp.DeliveryFigures -- [out-dir]      (default benchmarks/results/delivery)
//   dotnet run --project benchmarks/SecureOtp.DeliveryFigures -- routing …     (the routing figures: RoutingRun.cs)
//   dotnet run --project benchmarks/SecureOtp.DeliveryFigures -- channels …    (SMS failing, voice fallback: ChannelsRun.cs)
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecureOtp.Testing.Redis;

namespace SecureOtp.DeliveryFigures;

internal static class DeliveryRun
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> Main(string[] args)
    {
        const string SignatureSecret = "figures-signature-secret-0123456789";
        const string Method = "sha256hmac";
        var root = RepositoryRoot();
        if (args.Length > 0 && args[0] == "routing")
        {
            return await RoutingRun.MainAsync(root, args[1..]);
        }

        if (args.Length > 0 && args[0] == "channels")
        {
            return await ChannelsRun.MainAsync(root, args[1..]);
        }

        var output = Path.GetFullPath(args.Length > 0 ? args[0] : Path.Combine(root, "benchmarks", "results", "delivery"));
        Directory.CreateDirectory(output);

        using var tally = new MeterTally();
        using var redis = RedisServer.Start();
        using var fake = FakeProvider.Start(root, SignatureSecret, Method);
        var port = LoopbackPorts.Free();
        await using var service = new ServiceHost(new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = redis.Configuration,
            ["Sms:Provider"] = "Vonage",
            ["Sms:Vonage:BaseUrl"] = fake.BaseUrl.ToString(),
            ["Sms:Vonage:ApiKey"] = "fake-key",
            ["Sms:Vonage:ApiSecret"] = "fake-secret",
            ["Sms:Vonage:From"] = "SecureOtp",
            ["Sms:Vonage:SignatureSecret"] = SignatureSecret,
            ["Sms:Vonage:SignatureMethod"] = Method,
            ["Sms:Vonage:DeliveryReceiptUrl"] = $"http://127.0.0.1:{port}/webhooks/vonage/delivery-receipt",
            ["Limits:SendsPerCountryPerMinute"] = "100000",
            ["Limits:SendsPerClientPerMinute"] = "100000",
            ["Limits:DistinctNumbersPerPrefix"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
            // The figures are about delivery, not geo rules: random mobile numbers may land in a range libphonenumber
            // calls personal or shared-cost, which the default rules refuse.
            ["Risk:DeniedNumberTypes:0"] = "",
        }, port, Path.Combine(root, "src", "SecureOtp.Api"));
        using var api = service.Client();

        // The plan: each send's country, purpose, and what its carrier will report.
        var plan = Send.Plan(Country.Run);
        foreach (var s in plan)
        {
            await fake.SetReceiptAsync(s.Phone[1..], s.Fails ? s.Country.FailStatus : "delivered", s.Fails ? s.Country.FailErrCode : "0", s.DelayMs);
        }

        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(plan, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (s, token) =>
        {
            using var response = await api.PostAsJsonAsync("/otp/send", new { userId = s.UserId, phoneNumber = s.Phone, purpose = s.Purpose }, token);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(token))!;
            s.VerificationId = (int)response.StatusCode == 202 ? body["verificationId"]!.GetValue<string>() : null;
            s.Refusal = (int)response.StatusCode == 202 ? null : body.ToJsonString();
        });
        var refused = plan.Where(s => s.VerificationId is null).ToList();
        if (refused.Count > 0)
        {
            throw new InvalidOperationException($"{refused.Count} sends refused, e.g. {refused[0].Refusal}");
        }

        // Users: once the text is settled, most who got it type the code in (fewer for signup); nobody types a code never received.
        await Parallel.ForEachAsync(plan, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (s, token) =>
        {
            var status = await SettledAsync(api, s.VerificationId!, TimeSpan.FromSeconds(30), token);
            s.Settled = status;
            if (status == "delivered" && s.UserVerifies)
            {
                var code = await fake.CodeAsync(s.Phone[1..]);
                using var verified = await api.PostAsJsonAsync("/otp/verify", new { verificationId = s.VerificationId, code, userId = s.UserId }, token);
                s.Approved = (int)verified.StatusCode == 200;
            }
        });
        var elapsed = clock.Elapsed;

        var figures = Figures.From(tally, plan.Count, elapsed);
        File.WriteAllText(Path.Combine(output, "results.json"), JsonSerializer.Serialize(figures, Indented));
        File.WriteAllText(Path.Combine(output, "results.md"), figures.Markdown());
        Console.WriteLine(figures.Markdown());
        Console.WriteLine($"written: {output}/results.json, results.md");
        return 0;
    }

    static async Task<string> SettledAsync(HttpClient api, string id, TimeSpan within, CancellationToken token)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var status = (await api.GetFromJsonAsync<JsonObject>($"/otp/{id}", token))!["delivery"]!["status"]!.GetValue<string>();
            if (status != "submitted" || waited.Elapsed > within)
            {
                return status;
            }

            await Task.Delay(100, token);
        }
    }

    static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SecureOtp.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("run from inside the repository");
    }
}
