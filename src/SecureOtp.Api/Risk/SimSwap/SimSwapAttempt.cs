namespace SecureOtp.Api.Risk.SimSwap;

/// <summary>What one attempt at a SIM-swap provider came to, sorted by what we may do next.</summary>
internal enum SimSwapOutcome
{
    NotSwapped,

    Swapped,

    /// <summary>The provider is up but cannot answer for this number (not covered, not found). Unknown; not an outage.</summary>
    NotApplicable,

    /// <summary>HTTP 429 or 503: refused before doing anything. Retried once.</summary>
    Transient,

    /// <summary>Any other failure: a 5xx, an unreadable answer, or our credentials/request refused. Not retried.</summary>
    Failed,
}

/// <param name="Outcome">The class of answer.</param>
/// <param name="HttpStatus">The HTTP status of the answer (of the token endpoint when that failed).</param>
/// <param name="Code">The provider's error or status code, when it gave one (never its free-text message).</param>
internal sealed record SimSwapAttempt(SimSwapOutcome Outcome, int HttpStatus, string? Code = null)
{
    public static readonly SimSwapAttempt Swapped = new(SimSwapOutcome.Swapped, 200);

    public static readonly SimSwapAttempt NotSwapped = new(SimSwapOutcome.NotSwapped, 200);

    /// <summary>Only definite answers are cached and only they say the provider is healthy.</summary>
    public bool IsDefinite => Outcome is SimSwapOutcome.Swapped or SimSwapOutcome.NotSwapped;

    /// <summary>For the breaker: an outage or a fault of ours, rather than an answer.</summary>
    public bool CountsAgainstProvider => Outcome is SimSwapOutcome.Transient or SimSwapOutcome.Failed;

    /// <summary>400, 401, 403: ours to fix (credentials, registration, request), not the provider's.</summary>
    public bool IsConfigurationFault => Outcome == SimSwapOutcome.Failed && HttpStatus is 400 or 401 or 403;

    public static SimSwapAttempt FromHttpFailure(int httpStatus, string? code) => httpStatus switch
    {
        429 or 503 => new(SimSwapOutcome.Transient, httpStatus, code),
        _ => new(SimSwapOutcome.Failed, httpStatus, code),
    };
}

/// <summary>One attempt at a provider's wire format. Retries, timeouts and the breaker live in <see cref="SimSwapResiliencePipeline"/>.</summary>
internal interface ISimSwapProvider
{
    /// <summary>For logs: "camara" or "vonage".</summary>
    string Name { get; }

    Task<SimSwapAttempt> CheckAsync(string phoneE164, CancellationToken cancellationToken);
}
