using SecureOtp.Api.Security;

namespace SecureOtp.Api.Otp;

/// <summary>A live verification's code, opened to be delivered again (<c>/resend</c>, fallback to another channel).</summary>
internal static class LiveCode
{
    /// <summary>The sealed delivery and user id opened under the record's key; null when either does not open (a record
    /// stored before codes were kept deliverable, or whose key is no longer configured).</summary>
    public static (CodeDelivery Delivery, string UserId, HashKey Key)? Open(HashKeyRing keys, VerificationState state, VerificationId id)
    {
        if (state.KeyId is null || !keys.TryGet(state.KeyId, out var key) || state.SealedDelivery is null || state.SealedUserId is null
            || SealedDelivery.Open(key, state.SealedDelivery, id) is not { } delivery)
        {
            return null;
        }

        try
        {
            return (delivery, UserIdProtector.Unprotect(key, state.SealedUserId, id.Bytes), key);
        }
        catch (System.Security.Cryptography.AuthenticationTagMismatchException)
        {
            return null;
        }
    }
}
