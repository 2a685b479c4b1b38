using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Risk.SimSwap;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Risk.SimSwap;

/// <summary>AddSimSwap binds <c>Risk:SimSwap:*</c>, refuses to start on bad configuration, and wires a working check.</summary>
public sealed class SimSwapExtensionsTests
{
    [Test]
    public async Task AddSimSwap_WithNoConfiguration_ChecksNothing()
    {
        using var host = Build([]);
        await host.StartAsync();

        var verdict = await host.Services.GetRequiredService<SimSwapCheck>().AssessAsync("+447700900123", CancellationToken.None);

        Assert.That(verdict, Is.EqualTo(SimSwapVerdict.NotChecked));
        await host.StopAsync();
    }

    [Test]
    public void AddSimSwap_BindsEveryKey()
    {
        using var host = Build(new()
        {
            ["Risk:SimSwap:Provider"] = "camara",
            ["Risk:SimSwap:Policy"] = "Block",
            ["Risk:SimSwap:MaxAgeHours"] = "240",
            ["Risk:SimSwap:FailOpen"] = "false",
            ["Risk:SimSwap:BaseUrl"] = "https://operator.example/camara",
            ["Risk:SimSwap:TokenUrl"] = "https://operator.example/oauth/token",
            ["Risk:SimSwap:ClientId"] = "id",
            ["Risk:SimSwap:ClientSecret"] = "secret",
            ["Risk:SimSwap:Scope"] = "sim-swap:check sim-swap:retrieve-date",
            ["Risk:SimSwap:CacheDuration"] = "00:01:00",
            ["Risk:SimSwap:Timeout"] = "00:00:01.5",
            ["Risk:SimSwap:TotalTimeout"] = "00:00:03",
        });

        var o = host.Services.GetRequiredService<IOptions<SimSwapOptions>>().Value;

        Assert.Multiple(() =>
        {
            Assert.That(o.Provider, Is.EqualTo(SimSwapProviderKind.Camara));
            Assert.That(o.Policy, Is.EqualTo(SimSwapPolicy.Block));
            Assert.That(o.MaxAgeHours, Is.EqualTo(240));
            Assert.That(o.FailOpen, Is.False);
            Assert.That(o.BaseUrl, Is.EqualTo(new Uri("https://operator.example/camara")));
            Assert.That(o.TokenUrl, Is.EqualTo(new Uri("https://operator.example/oauth/token")));
            Assert.That((o.ClientId, o.ClientSecret, o.Scope), Is.EqualTo(("id", "secret", "sim-swap:check sim-swap:retrieve-date")));
            Assert.That((o.CacheDuration, o.Timeout, o.TotalTimeout),
                Is.EqualTo((TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(1500), TimeSpan.FromSeconds(3))));
            Assert.That(host.Services.GetRequiredService<SimSwapCheck>(), Is.Not.Null);
        });
    }

    [Test]
    public void AddSimSwap_MisconfiguredCamara_RefusesToStart_NamingTheKey()
    {
        using var host = Build(new()
        {
            ["Risk:SimSwap:Provider"] = "Camara",
            ["Risk:SimSwap:BaseUrl"] = "https://operator.example/camara",
            ["Risk:SimSwap:TokenUrl"] = "https://operator.example/oauth/token",
            ["Risk:SimSwap:ClientId"] = "id",
        });

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.Message, Does.Contain("Risk:SimSwap:ClientSecret"));
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.Services.AddSingleton(TimeProvider.System); // the service defaults (Hosting/) provide the clock
        builder.Services.AddSingleton(TestKeys.NewPseudonymKey()); // the cache's key; AddOtp registers it in the service
        builder.Services.AddSimSwap();
        return builder.Build();
    }
}
