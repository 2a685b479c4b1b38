namespace SecureOtp.Api.Errors;

/// <summary>A refusal that tells the caller when to come back (a <c>Retry-After</c> answer).</summary>
internal interface IRetryLater
{
    TimeSpan RetryAfter { get; }
}

/// <summary>A <c>rate_limited</c> refusal: which limit refused, and when its window admits the request.</summary>
internal interface IRateLimited : IRetryLater
{
    string Limit { get; }
}

/// <summary>An <c>incorrect_code</c> refusal: how many more codes the caller may try.</summary>
internal interface IIncorrectCode
{
    int AttemptsRemaining { get; }
}
