using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureOtp.Client.Http;
using SecureOtp.Client.Json;

namespace SecureOtp.Client;

/// <summary>The <see cref="ISecureOtpClient"/> over an <see cref="HttpClient"/> from <c>IHttpClientFactory</c>.</summary>
internal sealed class SecureOtpClient(HttpClient http, IOptions<SecureOtpClientOptions> options, TimeProvider time, ILogger<SecureOtpClient> logger)
    : ISecureOtpClient
{
    private readonly OtpTransport transport = new(http, options.Value, time, logger);
    private readonly SecureOtpClientOptions settings = options.Value;

    private static ClientJsonContext Json => ClientJsonContext.Default;

    public Task<OtpResult<SendResponse>> SendAsync(SendRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = KeyFor(idempotencyKey);
        var call = Post("send", "otp/send", request, Json.SendRequest, key, key is null ? RetryRule.Never : RetryRule.KeyedSend);
        return CallAsync(call, Json.SendResponse, cancellationToken);
    }

    public Task<OtpResult<VerifyApproved>> VerifyAsync(VerifyRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = KeyFor(idempotencyKey);
        return CallAsync(Post("verify", "otp/verify", request, Json.VerifyRequest, key, VerifyRule(key)), Json.VerifyApproved, cancellationToken);
    }

    public Task<OtpResult<VerifyApproved>> VerifyByUserAsync(VerifyByUserRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = KeyFor(idempotencyKey);
        return CallAsync(Post("verify", "otp/verify", request, Json.VerifyByUserRequest, key, VerifyRule(key)), Json.VerifyApproved, cancellationToken);
    }

    public Task<OtpResult<VerificationStatus>> GetAsync(string verificationId, CancellationToken cancellationToken = default) =>
        CallAsync(new OtpCall("get", HttpMethod.Get, "otp/" + Segment(verificationId), null, null, RetryRule.Idempotent), Json.VerificationStatus, cancellationToken);

    public Task<OtpResult> CancelAsync(string verificationId, CancellationToken cancellationToken = default) =>
        CallAsync(new OtpCall("cancel", HttpMethod.Delete, "otp/" + Segment(verificationId), null, null, RetryRule.Idempotent), cancellationToken);

    public Task<OtpResult<SendResponse>> ResendAsync(string verificationId, string channel, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        var call = Post("resend", $"otp/{Segment(verificationId)}/resend", new ResendBody(channel), Json.ResendBody, null, RetryRule.Never);
        return CallAsync(call, Json.SendResponse, cancellationToken);
    }

    public Task<OtpResult<TotpEnrollment>> TotpEnrollAsync(TotpEnrollRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CallAsync(Post("totp.enroll", "totp/enroll", request, Json.TotpEnrollRequest, null, RetryRule.Never), Json.TotpEnrollment, cancellationToken);
    }

    public Task<OtpResult<TotpConfirmation>> TotpConfirmAsync(string userId, string code, CancellationToken cancellationToken = default) =>
        CallAsync(Post("totp.confirm", "totp/confirm", new TotpCodeBody { UserId = userId, Code = code }, Json.TotpCodeBody, null, RetryRule.Never),
            Json.TotpConfirmation, cancellationToken);

    public Task<OtpResult<TotpApproval>> TotpVerifyAsync(string userId, string code, CancellationToken cancellationToken = default) =>
        CallAsync(Post("totp.verify", "totp/verify", new TotpCodeBody { UserId = userId, Code = code }, Json.TotpCodeBody, null, RetryRule.Never),
            Json.TotpApproval, cancellationToken);

    public Task<OtpResult<TotpApproval>> TotpRecoverAsync(string userId, string recoveryCode, CancellationToken cancellationToken = default) =>
        CallAsync(Post("totp.recover", "totp/recover", new TotpRecoverBody { UserId = userId, RecoveryCode = recoveryCode }, Json.TotpRecoverBody, null, RetryRule.Never),
            Json.TotpApproval, cancellationToken);

    public Task<OtpResult<TotpStatus>> TotpGetAsync(string userId, CancellationToken cancellationToken = default) =>
        CallAsync(new OtpCall("totp.get", HttpMethod.Get, "totp/" + Segment(userId), null, null, RetryRule.Idempotent), Json.TotpStatus, cancellationToken);

    public Task<OtpResult> TotpDeleteAsync(string userId, CancellationToken cancellationToken = default) =>
        CallAsync(new OtpCall("totp.delete", HttpMethod.Delete, "totp/" + Segment(userId), null, null, RetryRule.Idempotent), cancellationToken);

    private async Task<OtpResult<T>> CallAsync<T>(OtpCall call, JsonTypeInfo<T> answerType, CancellationToken cancellationToken)
        where T : class
    {
        var answer = await transport.SendAsync(call, cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            return new OtpResult<T>(ProblemMapper.ToProblem(answer, call.Operation));
        }

        try
        {
            return new OtpResult<T>(JsonSerializer.Deserialize(answer.Body, answerType)
                ?? throw new SecureOtpException($"SecureOtp answered {call.Operation} with an empty body.", (HttpStatusCode)answer.Status));
        }
        catch (JsonException e)
        {
            throw new SecureOtpException($"SecureOtp answered {call.Operation} with a body this client cannot read.", (HttpStatusCode)answer.Status, null, e);
        }
    }

    private async Task<OtpResult> CallAsync(OtpCall call, CancellationToken cancellationToken)
    {
        var answer = await transport.SendAsync(call, cancellationToken).ConfigureAwait(false);
        return answer.IsSuccess ? OtpResult.Success : OtpResult.Failed(ProblemMapper.ToProblem(answer, call.Operation));
    }

    private static OtpCall Post<T>(string operation, string path, T body, JsonTypeInfo<T> bodyType, string? key, RetryRule rule) =>
        new(operation, HttpMethod.Post, path, JsonSerializer.SerializeToUtf8Bytes(body, bodyType), key, rule);

    private static RetryRule VerifyRule(string? key) => key is null ? RetryRule.Never : RetryRule.KeyedVerify;

    private string? KeyFor(string? given) => given ?? (settings.GenerateIdempotencyKeys ? NewIdempotencyKey() : null);

    /// <summary>128 random bits, URL-safe: unguessable, so another caller of the same client cannot replay this answer.</summary>
    private static string NewIdempotencyKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>One path segment, every character but the unreserved ones escaped (as the service's <c>Location</c> headers are).</summary>
    private static string Segment(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        return Uri.EscapeDataString(value);
    }
}
