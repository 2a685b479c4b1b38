using SecureOtp.IntegrationTests.Infrastructure;

// No namespace on purpose: a SetUpFixture in the global namespace covers the whole assembly.
#pragma warning disable CA1050

/// <summary>Owns the one redis-server process shared by every integration test of the run.</summary>
[SetUpFixture]
public sealed class RedisSetUp
{
    private static RedisServer? server;

    public static RedisServer Server => server ?? throw new InvalidOperationException("redis-server was not started.");

    [OneTimeSetUp]
    public void StartRedis() => server = RedisServer.Start();

    [OneTimeTearDown]
    public void StopRedis() => server?.Dispose();
}
