using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace SecureOtp.IntegrationTests.Infrastructure;

/// <summary>A silent, minimal in-process HTTP server on a free loopback port: the base of the tests' small stand-ins.</summary>
public static class LoopbackWebApp
{
    public static (WebApplication App, Uri BaseUrl) Create()
    {
        var baseUrl = new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(baseUrl.ToString());
        builder.Logging.ClearProviders();
        return (builder.Build(), baseUrl);
    }
}
