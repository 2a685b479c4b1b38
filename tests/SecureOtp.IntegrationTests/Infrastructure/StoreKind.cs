namespace SecureOtp.IntegrationTests.Infrastructure;

/// <summary>The two stores every conformance test runs against.</summary>
public enum StoreKind
{
    Redis,
    InProcess,

    /// <summary>A real 3-master Redis Cluster.</summary>
    RedisCluster,
}
