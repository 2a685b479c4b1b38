namespace SecureOtp.Api.Hosting;

/// <summary>
/// What every outbound <see cref="HttpClient"/> of the factory shares (the Vonage SMS client, the SIM-swap and token
/// clients): features only name their clients; how a connection to a provider behaves is decided here, once.
/// </summary>
internal static class ProviderHttpDefaults
{
    public static void Register(IServiceCollection services) =>
        services.ConfigureHttpClientDefaults(http => http

            // Polly owns every timeout (per attempt and in total); the HttpClient's own would only race it.
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)

            // The factory's per-request logging handlers opened a scope and timed every call only for lines filtered out
            // at Warning; the provider clients log what matters themselves (failures, retries, breaker changes).
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // A provider that does not accept a connection in 2 s is down; fail the attempt while Polly can still retry.
                ConnectTimeout = TimeSpan.FromSeconds(2),

                // Providers sit behind DNS-balanced front ends: re-resolve now and then instead of pinning one address.
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),

                // A redirect would re-send credentials and a code to wherever it points.
                AllowAutoRedirect = false,
            }));
}
