using System.Security.Cryptography;
using System.Text;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Webhooks;

/// <summary>Whom an event is about: the tenant whose endpoint gets it, and the verification (or, for TOTP, the user).</summary>
internal sealed record EventSubject(string Tenant, string? VerificationId, string? UserId);

/// <summary>
/// Seals an event's subject for the stream: Redis may not hold a verification id or a user id in clear, and only this
/// service opens it. AES-256-GCM under a key derived from <c>Otp:PseudonymKey</c> (long-lived, unlike the code keys, so an
/// event outlives a key rotation).
/// </summary>
internal sealed class EventSubjectSeal(PseudonymKey pseudonymKey)
{
    private static readonly byte[] Binding = "secureotp/webhook-subject/v1"u8.ToArray();

    private readonly byte[] key = HMACSHA256.HashData(pseudonymKey.Secret, "secureotp/webhook-key/v1"u8);

    public byte[] Seal(EventSubject subject) =>
        SealedBox.SealUnderLongLivedKey(key, Encoding.UTF8.GetBytes($"{subject.Tenant}\n{subject.VerificationId}\n{subject.UserId}"), Binding);

    /// <exception cref="CryptographicException">Not sealed by this service (or under another pseudonym key).</exception>
    public EventSubject Open(byte[] box)
    {
        var parts = Encoding.UTF8.GetString(SealedBox.OpenUnderLongLivedKey(key, box, Binding)).Split('\n');
        return new EventSubject(parts[0], NullIfEmpty(parts[1]), NullIfEmpty(parts[2]));
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
