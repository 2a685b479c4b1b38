using SecureOtp.IntegrationTests.Infrastructure;

// No namespace on purpose: a SetUpFixture in the global namespace covers the whole assembly.
#pragma warning disable CA1050

/// <summary>Owns the one redis-server process shared by every integration test of the run.</summary>
[SetUpFixture]
public sealed class RedisSetUp
{
    private static RedisServer? server;
    private static readonly Lazy<RedisCluster> ClusterOnDemand = new(() => RedisCluster.Start());

    public static RedisServer Server => server ?? throw new InvalidOperationException("redis-server was not started.");

    /// <summary>A 3-master + 3-replica cluster, started the first time a test asks for it.</summary>
    public static RedisCluster Cluster => ClusterOnDemand.Value;

    [OneTimeSetUp]
    public void StartRedis() => server = RedisServer.Start();

    [OneTimeTearDown]
    public void StopRedis()
    {
        server?.Dispose();
        if (ClusterOnDemand.IsValueCreated)
        {
            ClusterOnDemand.Value.Dispose();
        }
    }
}
