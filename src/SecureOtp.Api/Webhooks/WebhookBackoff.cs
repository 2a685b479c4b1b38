using System.Security.Cryptography;

namespace SecureOtp.Api.Webhooks;

/// <summary>
/// When to try an event again: exponential backoff with full jitter (a random wait below a ceiling that starts at
/// <c>Webhooks:RetryBaseDelay</c> and doubles per failure up to <c>Webhooks:MaxRetryDelay</c>), so replicas retrying a
/// recovered endpoint spread out; never sooner than the endpoint's <c>Retry-After</c>, nor later than the retry age allows.
/// </summary>
internal static class WebhookBackoff
{
    public static DateTimeOffset NextTry(int failures, DateTimeOffset now, DateTimeOffset giveUpAt, TimeSpan? retryAfter, WebhookOptions options)
    {
        var ceiling = options.RetryBaseDelay;
        for (var i = 1; i < failures && ceiling < options.MaxRetryDelay; i++)
        {
            ceiling *= 2;
        }

        var ceilingMs = (int)(ceiling < options.MaxRetryDelay ? ceiling : options.MaxRetryDelay).TotalMilliseconds;
        var wait = TimeSpan.FromMilliseconds(RandomNumberGenerator.GetInt32(0, ceilingMs + 1));
        if (retryAfter is { } least && least > wait)
        {
            wait = least;
        }

        var next = now + wait;
        return next < giveUpAt ? next : giveUpAt;
    }
}
