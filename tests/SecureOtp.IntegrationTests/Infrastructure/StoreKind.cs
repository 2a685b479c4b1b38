namespace SecureOtp.IntegrationTests.Infrastructure;

/// <summary>The stores the conformance tests run against: standalone Redis, the in-process store, and a Redis Cluster.</summary>
public enum StoreKind
{
    Redis,
    InProcess,

    /// <summary>A real 3-master Redis Cluster.</summary>
    RedisCluster,
}
