using System.Text.Json.Serialization;

namespace SecureOtp.Api.Otp;

/// <summary>Body of <c>POST /otp/send</c>. Every field is nullable so a missing one is a validation error, not a crash.</summary>
public sealed record SendOtpRequest(
    string? UserId,
    string? PhoneNumber,
    string? Purpose = null,
    string? Locale = null,
    string? ClientIp = null,
    string? AppHash = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TransactionDetails? Transaction = null,
    IReadOnlyList<string>? Channels = null);

/// <summary>
/// A payment the code is bound to (PSD2 dynamic linking): send names it in the text and binds it into the code; verify
/// must present the same one. Echoed in canonical form (the amount with the currency's minor-unit digits).
/// </summary>
public sealed record TransactionDetails(string? Amount, string? Currency, string? Payee);

/// <summary>The 202 answer to a send. It never carries the code or the phone number.</summary>
public sealed record SendOtpResponse(
    string VerificationId,
    string Status,
    string Channel,
    DateTimeOffset ExpiresAt,
    DateTimeOffset ResendAfter,
    int MaxAttempts,
    RiskAssessment Risk);

/// <summary>Body of <c>POST /otp/{verificationId}/resend</c>: the channel to deliver the same code by.</summary>
public sealed record ResendOtpRequest(string? Channel);

/// <summary>The 202 answer to a resend: the verification as it stands (its id, expiry and attempts unchanged), the channel
/// used and when another resend may be asked for. It never carries the code or the phone number.</summary>
public sealed record ResendOtpResponse(
    string VerificationId,
    string Status,
    string Channel,
    DateTimeOffset ExpiresAt,
    DateTimeOffset ResendAfter,
    int AttemptsRemaining);

/// <summary>The risk signals consulted before sending.</summary>
public sealed record RiskAssessment(string SimSwap, string Decision)
{
    public static readonly RiskAssessment NotChecked = new("not_checked", "allow");
}

/// <summary>Body of <c>POST /otp/verify</c>: a verification id, or (without one) a user and purpose whose live verification
/// is checked. <c>clientIp</c> (optional, the end user's IP) feeds the per-IP verify limit. <c>transaction</c> is required
/// exactly when the send had one.</summary>
public sealed record VerifyOtpRequest(string? VerificationId, string? Code, string? UserId = null, string? ClientIp = null, string? Purpose = null,
    TransactionDetails? Transaction = null);

/// <summary>The 200 answer to a correct code; the verification is consumed.</summary>
public sealed record VerifyOtpResponse(string Status, string VerificationId, string UserId, string Purpose,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TransactionDetails? Transaction = null);

/// <summary>The answer to <c>GET /otp/{verificationId}</c>.</summary>
public sealed record VerificationStatusResponse(
    string VerificationId,
    string Status,
    int AttemptsRemaining,
    DateTimeOffset ExpiresAt,
    string Purpose,
    DeliveryStatusResponse Delivery,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TransactionDetails? Transaction = null);

/// <summary>
/// What became of the text, from the provider's delivery receipts: <c>submitted</c> (accepted, no final receipt yet),
/// <c>delivered</c> (every part), <c>failed</c>/<c>expired</c>/<c>rejected</c> (a new code may be sent at once), or
/// <c>unknown</c>. <c>updatedAt</c> is when it last changed (absent when nothing is known); <c>errorCode</c> is the
/// provider's code for a failure. <c>channel</c> is how the code went (<c>sms</c>); <c>provider</c> the provider that
/// took the text (<c>vonage</c>, <c>twilio</c>; absent when none is known). These describe the code's latest delivery;
/// <c>channelAttempts</c> lists every delivery of the code (the first channel, fallbacks, resends), oldest first.
/// </summary>
public sealed record DeliveryStatusResponse(
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? UpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorCode,
    string Channel = "sms",
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Provider = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<DeliveryAttemptResponse>? Attempts = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ChannelAttemptResponse>? ChannelAttempts = null);

/// <summary>One delivery of the code on one channel: <c>status</c> as the delivery's (<c>submitted</c>, <c>delivered</c>,
/// <c>failed</c>, …), <c>updatedAt</c> when it last changed, <c>errorCode</c> the provider's code (or the call's or
/// message's status) for a failure.</summary>
public sealed record ChannelAttemptResponse(
    string Channel,
    string Provider,
    string Status,
    DateTimeOffset UpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorCode);

/// <summary>One delivery attempt: a provider tried for the code on one channel. <c>outcome</c> is <c>sent</c>,
/// <c>not_sent</c> (it certainly took nothing, so the next was tried), <c>unknown</c> or <c>number_refused</c>;
/// <c>reason</c> a short label such as <c>vonage_status_29</c>. An attempt a provider took also carries that delivery's
/// <c>status</c>, <c>updatedAt</c> and <c>errorCode</c> (as <see cref="ChannelAttemptResponse"/>).</summary>
public sealed record DeliveryAttemptResponse(
    string Provider,
    string Outcome,
    string Reason,
    string Channel = "sms",
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Status = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? UpdatedAt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorCode = null);
