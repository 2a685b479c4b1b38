using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SecureOtp.Api.Hosting;
using SecureOtp.Api.Risk.SimSwap;
using SecureOtp.Api.Sms.Vonage;

namespace SecureOtp.UnitTests.Hosting;

/// <summary>Every provider client the features name gets the service's outbound HTTP defaults, without configuring them itself.</summary>
public sealed class ProviderHttpDefaultsTests
{
    private static readonly string[] ProviderClients =
        [VonageSmsClient.HttpClientName, CamaraSimSwapClient.HttpClientName, CamaraTokenSource.HttpClientName];

    [TestCaseSource(nameof(ProviderClients))]
    public void ProviderClient_LeavesTimeoutsToPolly_AndNeverFollowsRedirects(string name)
    {
        using var host = Build();

        using var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(name);
        var primary = Primary(host.Services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(name));

        Assert.Multiple(() =>
        {
            Assert.That(client.Timeout, Is.EqualTo(Timeout.InfiniteTimeSpan), "Polly's timeouts are the only ones");
            Assert.That(primary.AllowAutoRedirect, Is.False, "a redirect would carry credentials elsewhere");
            Assert.That(primary.ConnectTimeout, Is.EqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(primary.PooledConnectionLifetime, Is.EqualTo(TimeSpan.FromMinutes(2)));
        });
    }

    private static SocketsHttpHandler Primary(HttpMessageHandler handler)
    {
        while (handler is DelegatingHandler delegating)
        {
            handler = delegating.InnerHandler!;
        }

        return (SocketsHttpHandler)handler;
    }

    private static IHost Build()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        ProviderHttpDefaults.Register(builder.Services);
        builder.Services.AddHttpClient(VonageSmsClient.HttpClientName);
        builder.Services.AddSimSwap();
        return builder.Build();
    }
}
