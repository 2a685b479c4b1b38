using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Telemetry;

/// <summary>
/// The Vonage SMS API and CAMARA SIM Swap (with its token endpoint) reduced to "accepted", on a free loopback port, keeping
/// the <c>traceparent</c> header of every request: what a provider (or the proxy in front of it) sees of our trace.
/// </summary>
public sealed class RecordingProviders : IAsyncDisposable
{
    public const string SmsPath = "/sms/json";
    public const string TokenPath = "/oauth2/token";
    public const string SimSwapPath = "/sim-swap/v2/check";

    private readonly WebApplication app;

    private RecordingProviders(WebApplication app, Uri baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>Request path → the <c>traceparent</c> each request to it carried ("" when none).</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<string>> Traceparents { get; } = new();

    public static async Task<RecordingProviders> StartAsync()
    {
        var (app, baseUrl) = LoopbackWebApp.Create();
        var providers = new RecordingProviders(app, baseUrl);
        app.Use((context, next) =>
        {
            providers.Traceparents.GetOrAdd(context.Request.Path, _ => new()).Enqueue(context.Request.Headers.TraceParent.ToString());
            return next(context);
        });
        app.MapPost(SmsPath, () => Results.Text("""{"message-count":"1","messages":[{"status":"0","message-id":"0A0000001"}]}""", "application/json"));
        app.MapPost(TokenPath, () => Results.Text("""{"access_token":"recorded","token_type":"Bearer","expires_in":3600}""", "application/json"));
        app.MapPost(SimSwapPath, () => Results.Text("""{"swapped":false}""", "application/json"));
        await app.StartAsync();
        return providers;
    }

    /// <summary>Service settings that send texts and SIM-swap checks (CAMARA, policy Flag) here.</summary>
    public Dictionary<string, string?> ServiceSettings() => new()
    {
        ["Sms:Provider"] = "Vonage",
        ["Sms:Vonage:BaseUrl"] = BaseUrl.ToString(),
        ["Sms:Vonage:ApiKey"] = "recorded-key",
        ["Sms:Vonage:ApiSecret"] = "recorded-secret",
        ["Sms:Vonage:From"] = "SecureOtp",
        ["Risk:SimSwap:Provider"] = "Camara",
        ["Risk:SimSwap:Policy"] = "Flag",
        ["Risk:SimSwap:BaseUrl"] = BaseUrl.ToString().TrimEnd('/'),
        ["Risk:SimSwap:TokenUrl"] = new Uri(BaseUrl, TokenPath).ToString(),
        ["Risk:SimSwap:ClientId"] = "recorded-client",
        ["Risk:SimSwap:ClientSecret"] = "recorded-client-secret",
    };

    /// <summary>The one traceparent a path received.</summary>
    public string TraceparentOf(string path) =>
        Traceparents.TryGetValue(path, out var values) ? values.Single() : throw new InvalidOperationException($"no request to {path}");

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
