using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace SecureOtp.IntegrationTests.Infrastructure;

/// <summary>
/// The project's fake Vonage server (tests/SecureOtp.FakeProvider), run as a separate process on a free loopback port and
/// stopped by its pid. Tests read the texts it received, count the requests it got, and tell it how to fail.
/// </summary>
public sealed partial class FakeVonageServer : IDisposable
{
    public const string ApiKey = "fake-key";
    public const string ApiSecret = "fake-secret";

    private readonly Process process;
    private readonly HttpClient http;

    private FakeVonageServer(Process process, Uri baseUrl)
    {
        this.process = process;
        BaseUrl = baseUrl;
        http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri BaseUrl { get; }

    /// <summary>Settings that point the service at this server.</summary>
    public Dictionary<string, string?> ServiceSettings() => new()
    {
        ["Sms:Provider"] = "Vonage",
        ["Sms:Vonage:BaseUrl"] = BaseUrl.ToString(),
        ["Sms:Vonage:ApiKey"] = ApiKey,
        ["Sms:Vonage:ApiSecret"] = ApiSecret,
        ["Sms:Vonage:From"] = "SecureOtp",
        ["Sms:Resilience:AttemptTimeout"] = "00:00:00.500",
        ["Sms:Resilience:TotalTimeout"] = "00:00:04",
        ["Sms:Resilience:RetryBaseDelay"] = "00:00:00.020",
        ["Sms:Resilience:BreakDuration"] = "00:00:20",
    };

    /// <summary>The service on Redis, texting through this server, with <paramref name="overrides"/> on top of its settings.</summary>
    public SecureOtpApp App(params (string Key, string Value)[] overrides)
    {
        var settings = ServiceSettings();
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return new SecureOtpApp(StoreKind.Redis, settings);
    }

    /// <param name="extraArguments">Extra command-line settings, e.g. <c>--FakeSimSwap:VonagePublicKeyPath=...</c>.</param>
    public static FakeVonageServer Start(params string[] extraArguments)
    {
        var dll = Locate();
        var port = LoopbackPorts.Free();
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { dll, "--urls", $"http://127.0.0.1:{port}" }.Concat(extraArguments))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("the fake Vonage server did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new FakeVonageServer(process, new Uri($"http://127.0.0.1:{port}/"));
        server.WaitUntilHealthy();
        server.WarmUp();
        return server;
    }

    public async Task<JsonArray> MessagesAsync(string to) =>
        (await http.GetFromJsonAsync<JsonArray>($"messages?to={Uri.EscapeDataString(to)}"))!;

    public async Task<int> RequestsAsync(string? to = null) =>
        (await http.GetFromJsonAsync<JsonObject>(to is null ? "stats" : $"stats?to={Uri.EscapeDataString(to)}"))!["requests"]!.GetValue<int>();

    /// <summary>Adds a fault (see the fake's README): kind status/http/delay/drop, for one number or (to = null) all.</summary>
    public async Task FailAsync(object fault)
    {
        using var response = await http.PostAsJsonAsync("faults", fault);
        response.EnsureSuccessStatusCode();
    }

    public async Task ResetAsync()
    {
        using var response = await http.DeleteAsync("messages");
        response.EnsureSuccessStatusCode();
        using var simSwap = await http.DeleteAsync("simswap");
        simSwap.EnsureSuccessStatusCode();
        using var receipts = await http.DeleteAsync("receipts");
        receipts.EnsureSuccessStatusCode();
        using var twilio = await http.DeleteAsync("twilio");
        twilio.EnsureSuccessStatusCode();
        using var channels = await http.DeleteAsync("channels");
        channels.EnsureSuccessStatusCode();
    }

    /// <summary>Sets the delivery receipts a number's texts get (see the fake's README): status, errCode, delayMs, format, send.</summary>
    public async Task SetReceiptAsync(object rule)
    {
        using var response = await http.PostAsJsonAsync("receipts/numbers", rule);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The receipts the fake posted for a number (digits, no '+'), with the receiver's HTTP status each.</summary>
    public async Task<JsonArray> ReceiptsAsync(string to) =>
        (await http.GetFromJsonAsync<JsonArray>($"receipts?to={Uri.EscapeDataString(to)}"))!;

    /// <summary>Sets the SIM-swap answer for a number (both the CAMARA and the Identity Insights API).</summary>
    public async Task SetSimSwapAsync(string phone, bool swapped)
    {
        using var response = await http.PostAsJsonAsync("simswap/numbers", new { phoneNumber = phone, swapped });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Makes the SIM-swap APIs fail: kind http/delay/drop, for one number or (phoneNumber = null) all.</summary>
    public async Task FailSimSwapAsync(object fault)
    {
        using var response = await http.PostAsJsonAsync("simswap/faults", fault);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>SIM-swap check requests and token requests the fake received.</summary>
    public async Task<(int Checks, int Tokens)> SimSwapStatsAsync()
    {
        var stats = (await http.GetFromJsonAsync<JsonObject>("simswap/stats"))!;
        return (stats["checks"]!.GetValue<int>(), stats["tokens"]!.GetValue<int>());
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        process.Dispose();
        http.Dispose();
    }

    /// <summary>tests/SecureOtp.FakeProvider/bin/&lt;Configuration&gt;/net10.0/, built before this project (see the csproj).</summary>
    private static string Locate()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = here.Name;
        var configuration = here.Parent!.Name;
        var tests = here.Parent.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(tests, "SecureOtp.FakeProvider", "bin", configuration, framework, "SecureOtp.FakeProvider.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build tests/SecureOtp.FakeProvider first (dotnet build SecureOtp.sln).", dll);
    }

    /// <summary>
    /// One text through the SMS endpoint, then a reset. The fake's first text costs ~1 s of JIT on a loaded machine, more
    /// than the 0.5 s attempt timeout the tests give the service: without this the first send of a fixture could fail
    /// as "provider timed out" for reasons that have nothing to do with the service.
    /// </summary>
    private void WarmUp()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["api_key"] = ApiKey, ["api_secret"] = ApiSecret, ["from"] = "WarmUp", ["to"] = "10000000000", ["text"] = "warm-up",
        });
        using (http.PostAsync("sms/json", form).GetAwaiter().GetResult())
        {
        }

        using (http.DeleteAsync("messages").GetAwaiter().GetResult())
        {
        }
    }

    private void WaitUntilHealthy()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the fake Vonage server exited with code {process.ExitCode}");
            }

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

            Thread.Sleep(50);
        }

        throw new InvalidOperationException("the fake Vonage server did not become healthy within 30 s");
    }
}
