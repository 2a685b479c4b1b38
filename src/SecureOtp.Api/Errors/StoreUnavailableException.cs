namespace SecureOtp.Api.Errors;

/// <summary>The store could not be reached in time. Answered as <c>503 store_unavailable</c>.</summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
