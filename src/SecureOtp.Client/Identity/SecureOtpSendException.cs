namespace SecureOtp.Client.Identity;

/// <summary>
/// Thrown by the SMS token provider's generate step when SecureOtp refused to send (Identity's interface has no other
/// way to say so): <see cref="Problem"/> says why, e.g. <see cref="ResendTooSoon"/> (the previous code still works) or
/// <see cref="RateLimited"/>.
/// </summary>
public sealed class SecureOtpSendException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SecureOtpSendException(OtpProblem problem)
        : base($"SecureOtp did not send the code: {problem}.") => Problem = problem;

    /// <summary>Creates the exception.</summary>
    public SecureOtpSendException()
        : this(new UnrecognizedProblem("unknown", 0, null))
    {
    }

    /// <summary>Creates the exception.</summary>
    public SecureOtpSendException(string message)
        : base(message) => Problem = new UnrecognizedProblem("unknown", 0, null);

    /// <summary>Creates the exception.</summary>
    public SecureOtpSendException(string message, Exception innerException)
        : base(message, innerException) => Problem = new UnrecognizedProblem("unknown", 0, null);

    /// <summary>Why SecureOtp did not send.</summary>
    public OtpProblem Problem { get; }
}
