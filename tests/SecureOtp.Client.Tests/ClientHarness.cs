using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace SecureOtp.Client.Tests;

/// <summary>An <see cref="ISecureOtpClient"/> built as an application builds it, over a <see cref="StubHandler"/> and a fake clock.</summary>
public sealed class ClientHarness : IDisposable
{
    public const string ApiKey = "test-api-key-5f1c0e";

    private readonly ServiceProvider provider;

    public ClientHarness(Action<SecureOtpClientOptions>? configure = null)
    {
        Handler.Clock = Time.GetUtcNow;
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(Logs)));
        services.AddSingleton<TimeProvider>(Time);
        services.AddSecureOtpClient(o =>
        {
            o.BaseAddress = new Uri("http://otp.test/base");
            o.ApiKey = ApiKey;
            configure?.Invoke(o);
        }).ConfigurePrimaryHttpMessageHandler(() => Handler);
        provider = services.BuildServiceProvider();
        Client = provider.GetRequiredService<ISecureOtpClient>();
    }

    public StubHandler Handler { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero));

    public FakeLogCollector Logs { get; } = new();

    public ISecureOtpClient Client { get; }

    /// <summary>Runs a call, moving the fake clock in small steps while it waits (back-off, Retry-After).</summary>
    public async Task<T> RunAsync<T>(Func<ISecureOtpClient, Task<T>> call)
    {
        var task = call(Client);
        while (!task.IsCompleted)
        {
            Time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(1);
        }

        return await task;
    }

    public void Dispose() => provider.Dispose();

    public static SendRequest Send => new() { UserId = "u-1", PhoneNumber = "+14155550100" };

    public static VerifyRequest Verify => new() { VerificationId = "v-1", Code = "123456", UserId = "u-1" };
}
