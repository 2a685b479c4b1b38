using Microsoft.Extensions.Options;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Otp.TestNumbers;

internal static class TestNumbersExtensions
{
    public static void AddTestNumbers(this IServiceCollection services)
    {
        services.AddOptions<TestNumberOptions>()
            .Configure<IConfiguration>((options, configuration) => configuration.GetSection(TestNumberOptions.Section).Bind(options.Tenants))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TestNumberOptions>, TestNumberOptionsValidator>();
        services.AddSingleton<TestNumberDirectory>();
        services.AddHostedService<TestNumbersStartupLog>();
    }
}

/// <summary>Says at start how many test numbers each tenant has, so an operator sees a leftover staging list in
/// production; never a number or a code.</summary>
internal sealed class TestNumbersStartupLog(TestNumberDirectory directory, ILogger<TestNumbersStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (tenant, count) in directory.CountsByTenant)
        {
            Log.TestNumbersConfigured(logger, tenant, count);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
