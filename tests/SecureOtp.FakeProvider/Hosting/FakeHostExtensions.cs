using System.Text.Json.Serialization;
using SecureOtp.FakeProvider.Json;

namespace SecureOtp.FakeProvider.Hosting;

internal static class FakeHostExtensions
{
    /// <summary>Used when no <c>--urls</c> is given, so a bare <c>dotnet run</c> never binds beyond this machine.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5090";

    public static void ConfigureFakeHost(this WebApplicationBuilder builder)
    {
        ListenOnLoopbackOnly(builder);

        // The hosting layer logs every request line with its query string; the fake's own Log class says what matters.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, FakeProviderJsonContext.Default);
            // Vonage leaves absent fields out (an error entry has no message-id), and so does every other answer here.
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
    }

    /// <summary>
    /// The fake accepts well-known credentials and keeps texts that hold real-looking codes, so it refuses to start on
    /// anything but loopback (or a Unix socket) rather than trusting every caller to pass the right <c>--urls</c>.
    /// </summary>
    private static void ListenOnLoopbackOnly(WebApplicationBuilder builder)
    {
        // "urls" is where --urls, ASPNETCORE_URLS and DOTNET_URLS all land.
        var urls = builder.Configuration["urls"];
        if (string.IsNullOrWhiteSpace(urls))
        {
            // Also overrides ASPNETCORE_HTTP_PORTS, which container images set and which binds every interface.
            builder.WebHost.UseUrls(DefaultUrl);
            return;
        }

        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!LoopbackAddress.IsLoopbackUrl(url))
            {
                throw new InvalidOperationException(
                    $"The fake provider listens on loopback only; '{url}' is not. Use e.g. --urls {DefaultUrl}");
            }
        }
    }
}
