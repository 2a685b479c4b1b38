namespace SecureOtp.Client.Http;

/// <summary>An answer read whole (SecureOtp's bodies are small), so retry decisions can look at its problem type.</summary>
internal sealed record RawAnswer(int Status, byte[] Body, string? MediaType, TimeSpan? RetryAfter)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    public bool IsJson => MediaType is not null
        && (MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || MediaType.Equals("application/problem+json", StringComparison.OrdinalIgnoreCase));
}
