using System.Net;

namespace SecureOtp.Api.Sms.Twilio;

/// <summary>
/// What <see cref="TwilioHttpHandler"/> needs from, and tells about, the attempt in progress. The SDK's
/// <c>MessageResource.CreateAsync</c> takes no cancellation token and turns a non-JSON error answer (a gateway's 503
/// page) into an exception without its HTTP status, so the attempt's token goes in and the answer's status and
/// <c>Retry-After</c> come out through this flow-local context.
/// </summary>
internal sealed class TwilioAttemptContext : IDisposable
{
    private static readonly AsyncLocal<TwilioAttemptContext?> CurrentAttempt = new();

    private readonly TwilioAttemptContext? outer;

    private TwilioAttemptContext(CancellationToken cancellationToken)
    {
        CancellationToken = cancellationToken;
        outer = CurrentAttempt.Value;
        CurrentAttempt.Value = this;
    }

    /// <summary>The attempt under way on this async flow, or null outside one.</summary>
    public static TwilioAttemptContext? Current => CurrentAttempt.Value;

    /// <summary>The attempt's token: the per-attempt timeout and the caller's own cancellation.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The HTTP status Twilio (or whatever answered in its place) gave, once an answer arrived.</summary>
    public HttpStatusCode? HttpStatus { get; private set; }

    /// <summary>The answer's <c>Retry-After</c>, when it had one.</summary>
    public TimeSpan? RetryAfter { get; private set; }

    public static TwilioAttemptContext Begin(CancellationToken cancellationToken) => new(cancellationToken);

    public void Answered(HttpStatusCode status, TimeSpan? retryAfter)
    {
        HttpStatus = status;
        RetryAfter = retryAfter;
    }

    public void Dispose() => CurrentAttempt.Value = outer;
}
