using System.Collections.Concurrent;
using System.Diagnostics;

namespace SecureOtp.SampleLogin.BrowserTests;

/// <summary>
/// A built web app (its dll under the repository's bin folders) run as its own process on a free loopback port, with
/// its output kept for failure messages, stopped by its own pid.
/// </summary>
public sealed class AppProcess : IDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private AppProcess(Process process, Uri baseUrl)
    {
        this.process = process;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>Starts <paramref name="project"/> (a path under the repository, e.g. <c>src/SecureOtp.Api</c>) and waits until <paramref name="readyPath"/> answers 2xx.</summary>
    public static async Task<AppProcess> StartAsync(string project, string readyPath, IDictionary<string, string> environment, int? port = null)
    {
        var dll = Locate(project);
        var baseUrl = new Uri($"http://127.0.0.1:{port ?? LoopbackPorts.Free()}/");
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!, // the content root: where its appsettings*.json are
        };
        start.ArgumentList.Add(dll);
        start.Environment["ASPNETCORE_URLS"] = baseUrl.ToString().TrimEnd('/');
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var app = new AppProcess(Process.Start(start) ?? throw new InvalidOperationException($"{project} did not start"), baseUrl);
        app.process.OutputDataReceived += (_, e) => app.Keep(e.Data);
        app.process.ErrorDataReceived += (_, e) => app.Keep(e.Data);
        app.process.BeginOutputReadLine();
        app.process.BeginErrorReadLine();
        try
        {
            await app.WaitUntilReadyAsync(readyPath);
        }
        catch
        {
            app.Dispose();
            throw;
        }

        return app;
    }

    public string Output => string.Join("\n", output);

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
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
        while (output.Count > 200 && output.TryDequeue(out _))
        {
        }
    }

    private async Task WaitUntilReadyAsync(string readyPath)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{BaseUrl} exited at start:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(readyPath, UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{BaseUrl} did not become ready:\n{Output}");
    }

    /// <summary>The project's dll, built for the same configuration and framework as these tests.</summary>
    private static string Locate(string project)
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = here.Name;
        var configuration = here.Parent!.Name;
        var repository = here.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(repository, project, "bin", configuration, framework, Path.GetFileName(project) + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build {project} first (dotnet build SecureOtp.sln).", dll);
    }
}
