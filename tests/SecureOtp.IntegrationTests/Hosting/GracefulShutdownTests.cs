using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Hosting;

/// <summary>
/// SIGTERM to the real service process (as Kubernetes sends it): readiness fails first, the listener keeps serving for the
/// drain delay, a request in flight finishes with its normal answer, and the process exits on its own within the grace period.
/// </summary>
public sealed class GracefulShutdownTests
{
    [Test]
    public async Task Sigterm_FailsReadinessFirst_FinishesInFlightRequests_AndExitsInTime()
    {
        using var vonage = FakeVonageServer.Start();
        var port = LoopbackPorts.Free();
        using var service = StartService(port, vonage);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", TestApiKeys.Full);
        await WaitUntil(async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30));

        var slowPhone = OtpClient.NewPhone();
        await vonage.FailAsync(new { to = slowPhone[1..], kind = "delay", delayMs = 1500 });
        var inFlight = http.PostAsJsonAsync("/otp/send", new { userId = "in-flight", phoneNumber = slowPhone });
        await WaitUntil(async () => await vonage.RequestsAsync(slowPhone[1..]) == 1, TimeSpan.FromSeconds(10)); // now waiting on the provider

        var watch = Stopwatch.StartNew();
        Signal(service.Id, "TERM");
        await WaitUntil(async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(2));
        var readinessFailedAfter = watch.Elapsed;
        using (var live = await http.GetAsync("/health/live"))
        {
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK), "still serving while draining");
        }

        using var finished = await inFlight;
        Assert.That(finished.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "the in-flight send was not cut");
        Assert.That(service.WaitForExit(15_000), Is.True, "exits within drain (2 s) + shutdown timeout");
        TestContext.Out.WriteLine($"readiness 503 after {readinessFailedAfter.TotalMilliseconds:F0} ms; exited after {watch.ElapsedMilliseconds} ms, code {service.ExitCode}");
        Assert.That(service.ExitCode, Is.Zero);
    }

    private static Process StartService(int port, FakeVonageServer vonage)
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var bin = Path.Combine(here.Parent!.Parent!.Parent!.Parent!.Parent!.FullName, "src", "SecureOtp.Api", "bin", here.Parent.Name, here.Name);
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = bin, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(bin, "SecureOtp.Api.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Redis__Configuration"] = RedisSetUp.Server.Configuration;
        start.Environment["Redis__KeyPrefix"] = "gs" + Guid.NewGuid().ToString("N")[..8];
        start.Environment["Hosting__DrainDelay"] = "00:00:02";
        start.Environment["Hosting__ShutdownTimeout"] = "00:00:10";
        foreach (var (key, value) in vonage.ServiceSettings().Concat(TestApiKeys.Settings()))
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        // The slow provider answer below (1.5 s) must be a slow success, not an attempt timeout.
        start.Environment["Sms__Resilience__AttemptTimeout"] = "00:00:03";
        start.Environment["Sms__Resilience__TotalTimeout"] = "00:00:05";

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", $"-{signal} {pid.ToString(CultureInfo.InvariantCulture)}");
        kill.WaitForExit();
    }

    private static async Task WaitUntil(Func<Task<bool>> condition, TimeSpan limit)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < limit)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(50);
        }

        Assert.Fail($"condition not met within {limit.TotalSeconds} s");
    }
}
