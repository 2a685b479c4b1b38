using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace SecureOtp.DeliveryFigures;

/// <summary>The service in this process, on real Kestrel at <paramref name="port"/> (the fake posts receipts to it), in
/// Development (its development API key) with <paramref name="settings"/> on top.</summary>
internal sealed class ServiceHost : WebApplicationFactory<global::Program>
{
    /// <summary>The development API key (README), accepted in Development only.</summary>
    private const string DevelopmentKey = "dev-only-secureotp-key";

    private readonly Dictionary<string, string?> settings;
    private readonly string contentRoot;

    /// <param name="contentRoot">src/SecureOtp.Api, where its appsettings.json is.</param>
    public ServiceHost(Dictionary<string, string?> settings, int port, string contentRoot)
    {
        this.settings = settings;
        this.contentRoot = contentRoot;
        UseKestrel(port);
        StartServer();
    }

    public HttpClient Client()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", DevelopmentKey);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(contentRoot);
        builder.UseEnvironment("Development");
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(settings));
    }
}
