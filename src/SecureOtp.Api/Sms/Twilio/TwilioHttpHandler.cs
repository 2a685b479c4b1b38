using Microsoft.Extensions.Options;

namespace SecureOtp.Api.Sms.Twilio;

/// <summary>
/// Sits under the SDK's requests: sends them to <c>Sms:Twilio:BaseUrl</c> instead of api.twilio.com (keeping Twilio's
/// path, after any path the base URL has), ties them to the attempt's cancellation token, and notes the answer's status
/// and <c>Retry-After</c> for the classifier (see <see cref="TwilioAttemptContext"/>).
/// </summary>
internal sealed class TwilioHttpHandler(IOptions<TwilioOptions> options, TimeProvider time) : DelegatingHandler
{
    /// <summary>Longer waits than this are not worth holding a login for; the router moves on instead.</summary>
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(60);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.RequestUri = Rewrite(request.RequestUri!, options.Value.BaseUrl);
        var attempt = TwilioAttemptContext.Current;
        using var linked = attempt is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attempt.CancellationToken);
        var token = linked?.Token ?? cancellationToken;
        var response = await base.SendAsync(request, token);
        try
        {
            // Buffered here, under the attempt's token: the SDK reads the body without one.
            await response.Content.LoadIntoBufferAsync(token);
        }
        catch
        {
            response.Dispose();
            throw;
        }

        attempt?.Answered(response.StatusCode, RetryAfter(response));
        return response;
    }

    /// <summary>The SDK's URL with the base URL's scheme, host and port, and its path prefix before Twilio's path.</summary>
    public static Uri Rewrite(Uri sdkUrl, Uri baseUrl) => new UriBuilder(sdkUrl)
    {
        Scheme = baseUrl.Scheme,
        Host = baseUrl.Host,
        Port = baseUrl.Port,
        Path = baseUrl.AbsolutePath.TrimEnd('/') + sdkUrl.AbsolutePath,
    }.Uri;

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var wait = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - time.GetUtcNow(),
            _ => (TimeSpan?)null,
        };
        return wait is { } w && w > TimeSpan.Zero ? (w < MaxRetryAfter ? w : MaxRetryAfter) : null;
    }
}
