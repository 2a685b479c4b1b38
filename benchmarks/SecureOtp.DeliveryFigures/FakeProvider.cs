using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SecureOtp.Testing.Redis;

namespace SecureOtp.DeliveryFigures;

/// <summary>tests/SecureOtp.FakeProvider (built first) as a process on a free loopback port, posting signed receipts; stopped by its pid.</summary>
internal sealed partial class FakeProvider : IDisposable
{
    /// <summary>The fake Twilio's default account and auth token (it signs status callbacks with the token).</summary>
    public const string TwilioAccountSid = "ACfa4e0000000000000000000000000001";
    public const string TwilioAuthToken = "fake-twilio-token";

    private static readonly string[] Configurations = ["Release", "Debug"];

    private readonly Process process;
    private readonly HttpClient http;

    private FakeProvider(Process process, Uri baseUrl)
    {
        this.process = process;
        BaseUrl = baseUrl;
        http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri BaseUrl { get; }

    public int Pid => process.Id;

    /// <param name="extraArgs">More settings, e.g. <c>--FakeChannels:SignatureSecret=…</c> for the voice and WhatsApp events.</param>
    public static FakeProvider Start(string root, string signatureSecret, string method, params string[] extraArgs)
    {
        var dll = Configurations.Select(c => Path.Combine(root, "tests", "SecureOtp.FakeProvider", "bin", c, "net10.0", "SecureOtp.FakeProvider.dll"))
            .Where(File.Exists).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
            ?? throw new FileNotFoundException("Build tests/SecureOtp.FakeProvider first.");
        var port = LoopbackPorts.Free();
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        string[] args = [dll, "--urls", $"http://127.0.0.1:{port}", $"--FakeVonage:Receipts:SignatureSecret={signatureSecret}",
            $"--FakeVonage:Receipts:SignatureMethod={method}", "--Logging:LogLevel:Default=Warning", .. extraArgs];
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("the fake provider did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var fake = new FakeProvider(process, new Uri($"http://127.0.0.1:{port}/"));
        fake.WaitUntilHealthy();
        return fake;
    }

    public Task SetReceiptAsync(string to, string status, string errCode, int delayMs) =>
        PostAsync("receipts/numbers", new { to, status, errCode, delayMs });

    /// <summary>A fault of the fake Vonage (<c>POST /faults</c>), e.g. <c>new { kind = "http", httpStatus = 503 }</c>.</summary>
    public Task VonageFaultAsync(object fault) => PostAsync("faults", fault);

    public async Task ClearVonageFaultsAsync() => (await http.DeleteAsync("faults")).EnsureSuccessStatusCode().Dispose();

    /// <summary>What a country's Twilio texts become (<c>POST /twilio/outcomes</c>).</summary>
    public Task TwilioOutcomeAsync(string callingCode, string status, int delayMs) =>
        PostAsync("twilio/outcomes", new { callingCode, status, delayMs });

    /// <summary>Requests that reached the fake Vonage and the fake Twilio so far (refused, faulted and dropped ones included).</summary>
    public async Task<(long Vonage, long Twilio)> RequestsAsync() =>
        ((await http.GetFromJsonAsync<JsonObject>("stats"))!["requests"]!.GetValue<long>(),
         (await http.GetFromJsonAsync<JsonObject>("twilio/stats"))!["requests"]!.GetValue<long>());

    /// <summary>The code in the text the number received, as its user would read it.</summary>
    public async Task<string> CodeAsync(string to)
    {
        var messages = (await http.GetFromJsonAsync<JsonArray>($"messages?to={to}"))!;
        return CodePattern().Match(messages[^1]!["text"]!.GetValue<string>()).Value;
    }

    /// <summary>The voice calls the fake accepted for a number (digits, no '+'): each call's id and spoken text.</summary>
    public async Task<(string Id, string Text)[]> VoiceCallsAsync(string to) =>
        [.. (await http.GetFromJsonAsync<JsonArray>($"channels/voice?to={to}"))!
            .Select(c => (c!["id"]!.GetValue<string>(), c["body"]!["ncco"]![0]!["text"]!.GetValue<string>()))];

    /// <summary>A voice event for a call, signed as Vonage signs it: the body and its Authorization header.</summary>
    public async Task<(string Body, string Authorization)> SignedEventAsync(string id, string status)
    {
        using var response = await http.PostAsJsonAsync("channels/events", new { id, status });
        var signed = (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!;
        return (signed["body"]!.GetValue<string>(), signed["authorization"]!.GetValue<string>());
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit(10_000);
        }

        process.Dispose();
        http.Dispose();
    }

    private async Task PostAsync(string path, object body) =>
        (await http.PostAsJsonAsync(path, body)).EnsureSuccessStatusCode().Dispose();

    private void WaitUntilHealthy()
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            try
            {
                using var response = http.GetAsync("health").GetAwaiter().GetResult();
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            Thread.Sleep(100);
        }

        throw new InvalidOperationException("the fake provider did not become healthy");
    }

    [GeneratedRegex(@"\b[0-9]{6}\b")]
    private static partial Regex CodePattern();
}
