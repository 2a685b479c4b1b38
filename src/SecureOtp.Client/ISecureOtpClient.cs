namespace SecureOtp.Client;

/// <summary>
/// SecureOtp's HTTP API. Every expected outcome is a result (<see cref="OtpResult{T}.Succeeded"/> or an
/// <see cref="OtpProblem"/>); a wrong API key, a malformed request or a failing service throws
/// <see cref="SecureOtpException"/>. Calls the contract makes safe to repeat are retried, bounded, with the same
/// Idempotency-Key on every attempt.
/// </summary>
public interface ISecureOtpClient
{
    /// <summary>
    /// <c>POST /otp/send</c>: texts (or calls) a new code. With an Idempotency-Key (<paramref name="idempotencyKey"/>, or
    /// one made per call) a lost answer or <c>503 store_unavailable</c> is retried with the same key; without one it is
    /// never retried. <c>sms_unavailable</c> is never retried (a new attempt would be a new text).
    /// </summary>
    Task<OtpResult<SendResponse>> SendAsync(SendRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary><c>POST /otp/verify</c> by verification id; retried only with its Idempotency-Key, so a code is never counted twice.</summary>
    Task<OtpResult<VerifyApproved>> VerifyAsync(VerifyRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary><c>POST /otp/verify</c> by user and purpose (the user's live code for that purpose); retried as <see cref="VerifyAsync"/>.</summary>
    Task<OtpResult<VerifyApproved>> VerifyByUserAsync(VerifyByUserRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary><c>GET /otp/{id}</c>: pending or locked, attempts left, delivery.</summary>
    Task<OtpResult<VerificationStatus>> GetAsync(string verificationId, CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /otp/{id}</c>: the code stops working (succeeds whether or not it existed).</summary>
    Task<OtpResult> CancelAsync(string verificationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>POST /otp/{id}/resend</c>: the same code again on <paramref name="channel"/> (<see cref="OtpChannels"/>), the
    /// login page's "call me instead". Not retried (the service takes no Idempotency-Key for it).
    /// </summary>
    Task<OtpResult<SendResponse>> ResendAsync(string verificationId, string channel, CancellationToken cancellationToken = default);

    /// <summary><c>POST /totp/enroll</c>: a pending authenticator enrolment with its secret and QR code, shown once.</summary>
    Task<OtpResult<TotpEnrollment>> TotpEnrollAsync(TotpEnrollRequest request, CancellationToken cancellationToken = default);

    /// <summary><c>POST /totp/confirm</c>: the first right code activates the enrolment and returns the recovery codes.</summary>
    Task<OtpResult<TotpConfirmation>> TotpConfirmAsync(string userId, string code, CancellationToken cancellationToken = default);

    /// <summary><c>POST /totp/verify</c>: an authenticator code; each time step is accepted once.</summary>
    Task<OtpResult<TotpApproval>> TotpVerifyAsync(string userId, string code, CancellationToken cancellationToken = default);

    /// <summary><c>POST /totp/recover</c>: a one-time recovery code.</summary>
    Task<OtpResult<TotpApproval>> TotpRecoverAsync(string userId, string recoveryCode, CancellationToken cancellationToken = default);

    /// <summary><c>GET /totp/{userId}</c>: the enrolment's state, or <see cref="NotEnrolled"/>.</summary>
    Task<OtpResult<TotpStatus>> TotpGetAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /totp/{userId}</c>: removes the enrolment and its recovery codes (succeeds whether or not there was one).</summary>
    Task<OtpResult> TotpDeleteAsync(string userId, CancellationToken cancellationToken = default);
}
