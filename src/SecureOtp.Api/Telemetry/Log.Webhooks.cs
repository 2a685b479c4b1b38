namespace SecureOtp.Api.Telemetry;

/// <summary>The webhook dispatcher's lines: tenants, event types and event ids (the <c>webhook-id</c> a receiver sees);
/// never a secret, a user id or a verification id.</summary>
internal static partial class Log
{
    [LoggerMessage(9001, LogLevel.Information, "Webhook endpoints: tenant={Tenant} secrets={SecretCount}")]
    public static partial void WebhookEndpoint(ILogger logger, string tenant, int secretCount);

    [LoggerMessage(9002, LogLevel.Warning, "Webhook endpoints are configured but the in-process store keeps no events: webhooks need Redis (Redis:Configuration)")]
    public static partial void WebhooksWithoutRedis(ILogger logger);

    [LoggerMessage(9003, LogLevel.Debug, "Webhook delivered: tenant={Tenant} type={Type} event={EventId} lag={LagSeconds}s")]
    public static partial void WebhookDelivered(ILogger logger, string tenant, string type, string eventId, double lagSeconds);

    [LoggerMessage(9004, LogLevel.Warning, "Webhook attempt failed: tenant={Tenant} type={Type} event={EventId} reason={Reason} failures={Failures} retryIn={RetryInSeconds}s")]
    public static partial void WebhookFailed(ILogger logger, string tenant, string type, string eventId, string reason, int failures, double retryInSeconds);

    [LoggerMessage(9005, LogLevel.Error, "Webhook event dropped: tenant={Tenant} type={Type} event={EventId} reason={Reason}")]
    public static partial void WebhookDropped(ILogger logger, string tenant, string type, string eventId, string reason);

    [LoggerMessage(9006, LogLevel.Error, "Webhook endpoint answered 410 Gone and is disabled on this replica until restart: tenant={Tenant} event={EventId}")]
    public static partial void WebhookEndpointGone(ILogger logger, string tenant, string eventId);

    [LoggerMessage(9007, LogLevel.Warning, "Webhook round failed, retried next round: tenant={Tenant} error={Error}")]
    public static partial void WebhookRoundFailed(ILogger logger, string tenant, string error);

    [LoggerMessage(9008, LogLevel.Warning, "Webhook sweep found {Count} event streams missing from their index (a replica stopped between recording and indexing)")]
    public static partial void WebhookStreamsSwept(ILogger logger, int count);
}
