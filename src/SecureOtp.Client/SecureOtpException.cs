using System.Net;

namespace SecureOtp.Client;

/// <summary>
/// An answer no login flow should have to handle: the API key is missing, unknown or lacks the scope (401/403), the
/// request was malformed (a client bug: <c>invalid_request</c>, <c>unsupported_media_type</c>, a too large request, an
/// unknown path), the service failed (<c>internal_error</c>, another 5xx), or the answer was not what the contract
/// says. Never carries the API key, a code or a phone number.
/// </summary>
public sealed class SecureOtpException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SecureOtpException(string message, HttpStatusCode? statusCode = null, string? problemType = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ProblemType = problemType;
    }

    /// <summary>Creates the exception.</summary>
    public SecureOtpException()
        : this("SecureOtp answered unexpectedly.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public SecureOtpException(string message)
        : this(message, null, null, null)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SecureOtpException(string message, Exception innerException)
        : this(message, null, null, innerException)
    {
    }

    /// <summary>The HTTP status, when the service answered.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The problem <c>type</c>, when the answer was a problem document.</summary>
    public string? ProblemType { get; }
}
