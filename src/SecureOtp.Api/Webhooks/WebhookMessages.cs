using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SecureOtp.Api.Otp;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Webhooks;

/// <summary>
/// Turns a recorded event into what its endpoint receives: the subject opened, the user id unsealed (under the code key
/// the record named, bound to the verification), the body, and a <c>webhook-id</c> that stays the same on every retry,
/// so a receiver can drop the duplicates at-least-once delivery brings.
/// </summary>
internal sealed class WebhookMessages(EventSubjectSeal seal, HashKeyRing keys)
{
    /// <summary>The message, or null when the event no longer opens (another pseudonym key; its code key retired).</summary>
    public WebhookMessage? Compose(string stream, StoredEvent stored)
    {
        EventSubject subject;
        string? userId;
        try
        {
            subject = seal.Open(stored.SealedSubject);
            userId = subject.UserId ?? UnsealUserId(subject.VerificationId, stored);
        }
        catch (CryptographicException)
        {
            return null;
        }

        var payload = new WebhookPayload(stored.Type, stored.OccurredAt, new WebhookData(subject.VerificationId, userId, stored.Purpose,
            subject.VerificationId is null ? null : stored.Channel ?? "sms")
        {
            Provider = stored.Delivery?.Provider,
            Status = stored.Delivery?.Status,
            ErrorCode = stored.Delivery?.ErrorCode,
        });
        return new WebhookMessage(subject.Tenant, EventId(stream, stored.EntryId), JsonSerializer.Serialize(payload, WebhookJsonContext.Default.WebhookPayload));
    }

    private string? UnsealUserId(string? verificationId, StoredEvent stored)
    {
        if (stored.SealedUserId is null || stored.KeyId is null || !VerificationId.TryParse(verificationId, out var id))
        {
            return null;
        }

        return keys.TryGet(stored.KeyId, out var key)
            ? UserIdProtector.Unprotect(key, stored.SealedUserId, id.Bytes)
            : throw new CryptographicException("The event's code key is no longer configured.");
    }

    /// <summary><c>msg_</c> and 128 bits of a hash of the stream and the entry: unique, stable, and naming no user.</summary>
    private static string EventId(string stream, string entryId) =>
        "msg_" + Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(stream + "/" + entryId)).AsSpan(0, 16));
}

internal sealed record WebhookMessage(string Tenant, string Id, string Body);
