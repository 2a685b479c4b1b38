using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SecureOtp.Testing.Redis;

namespace SecureOtp.DeliveryFigures;

/// <summary>
/// The service (src/SecureOtp.Api, built Release first) as a process of its own on a free loopback port, in Production
/// with fresh keys and the given settings, so its CPU time can be read from /proc without this tool's in it. Stopped by
/// its pid.
/// </summary>
internal sealed class ServiceProcess : IDisposable
{
    private const double ClockTicksPerSecond = 100;

    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private ServiceProcess(Process process, int port, string apiKey)
    {
        this.process = process;
        Port = port;
        ApiKey = apiKey;
    }

    public int Port { get; }

    /// <summary>A key with the otp:send, otp:verify and otp:admin scopes.</summary>
    public string ApiKey { get; }

    /// <param name="port">A port chosen beforehand (receipt URLs name it); a free one otherwise.</param>
    public static async Task<ServiceProcess> StartAsync(string root, IReadOnlyDictionary<string, string> settings, int? port = null)
    {
        var dir = Path.Combine(root, "src", "SecureOtp.Api", "bin", "Release", "net10.0");
        var dll = Path.Combine(dir, "SecureOtp.Api.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("Build src/SecureOtp.Api in Release first (benchmarks/delivery/run-routing.sh does).");
        }

        port ??= LoopbackPorts.Free();
        var apiKey = "figures-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { dll, "--contentRoot", dir, "--urls", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in BaseSettings(apiKey).Concat(settings))
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var service = new ServiceProcess(Process.Start(start) ?? throw new InvalidOperationException("the service did not start"), port.Value, apiKey);
        service.process.OutputDataReceived += (_, e) => service.Keep(e.Data);
        service.process.ErrorDataReceived += (_, e) => service.Keep(e.Data);
        service.process.BeginOutputReadLine();
        service.process.BeginErrorReadLine();
        await service.WaitUntilReadyAsync();
        return service;
    }

    public HttpClient Client()
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}/"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    /// <summary>The CPU time (user + system) the service has used so far, from /proc/&lt;pid&gt;/stat (1/100 s ticks).</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{process.Id}/stat");
        // Field 2 (comm) is in parentheses and may hold spaces: fields 14 and 15 (utime, stime) count from after it.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
    }

    /// <summary>The service's last lines of output (its log), for a failure report.</summary>
    public string Tail() => string.Join('\n', output.TakeLast(40));

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit(10_000);
        }

        process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > 200)
        {
            output.TryDequeue(out _);
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("the service exited:\n" + Tail());
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{Port}/health/ready"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException("the service did not become ready:\n" + Tail());
    }

    /// <summary>Fresh keys; limits at their maximum (still checked, never binding); geo number types all allowed
    /// (random mobile numbers may fall in ranges the default rules refuse); warnings and errors logged only.</summary>
    private static Dictionary<string, string> BaseSettings(string apiKey) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Otp:ActiveHashKeyId"] = "k1",
        ["Otp:HashKeys:k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Otp:PseudonymKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Totp:ActiveSecretKeyId"] = "t1",
        ["Totp:SecretKeys:t1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Auth:ApiKeys:figures:KeyHash"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey))),
        ["Auth:ApiKeys:figures:Scopes:0"] = "otp:send",
        ["Auth:ApiKeys:figures:Scopes:1"] = "otp:verify",
        ["Auth:ApiKeys:figures:Scopes:2"] = "otp:admin",
        ["Limits:SendsPerPhonePerHour"] = "100000",
        ["Limits:SendsPerPhonePerDay"] = "100000",
        ["Limits:SendsPerUserPerHour"] = "100000",
        ["Limits:SendsPerIpPerHour"] = "100000",
        ["Limits:SendsPerClientPerMinute"] = "100000",
        ["Limits:SendsPerCountryPerMinute"] = "100000",
        ["Limits:DistinctNumbersPerPrefix"] = "100000",
        ["Limits:VerifiesPerIpPerHour"] = "100000",
        ["Risk:DeniedNumberTypes:0"] = "",
        ["Logging:LogLevel:Default"] = "Warning",
    };
}
