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

    /// <summary>
    /// The command may have reached Redis and may still run there after this answer (a timeout, or a connection lost while
    /// it was in flight): a stalled Redis runs what it queued once it resumes. False when it was certainly never sent.
    /// </summary>
    public bool MayHaveRun { get; init; }
}
