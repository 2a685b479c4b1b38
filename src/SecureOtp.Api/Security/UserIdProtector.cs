using System.Text;

namespace SecureOtp.Api.Security;

/// <summary>
/// The verify answer must name the user, but the store may not hold a plaintext user id. So the record carries the id
/// sealed with AES-256-GCM under a key derived from the server secret, bound to the verification it belongs to.
/// </summary>
internal static class UserIdProtector
{
    public static byte[] Protect(HashKey key, string userId, ReadOnlySpan<byte> verificationId) =>
        SealedBox.SealUnderLongLivedKey(key.UserIdEncryptionKey, Encoding.UTF8.GetBytes(userId), verificationId);

    public static string Unprotect(HashKey key, ReadOnlySpan<byte> sealedBox, ReadOnlySpan<byte> verificationId) =>
        Encoding.UTF8.GetString(SealedBox.OpenUnderLongLivedKey(key.UserIdEncryptionKey, sealedBox, verificationId));
}
