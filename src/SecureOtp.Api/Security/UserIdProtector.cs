using System.Security.Cryptography;
using System.Text;

namespace SecureOtp.Api.Security;

/// <summary>
/// The verify answer must name the user, but the store may not hold a plaintext user id. So the record carries the id
/// sealed with AES-256-GCM under a key derived from the server secret, bound to the verification it belongs to.
/// </summary>
internal static class UserIdProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static byte[] Protect(HashKey key, string userId, ReadOnlySpan<byte> verificationId)
    {
        var plain = Encoding.UTF8.GetBytes(userId);
        var sealedBox = new byte[NonceSize + plain.Length + TagSize];
        var nonce = sealedBox.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key.UserIdEncryptionKey, TagSize);
        aes.Encrypt(nonce, plain, sealedBox.AsSpan(NonceSize, plain.Length), sealedBox.AsSpan(NonceSize + plain.Length), verificationId);
        return sealedBox;
    }

    public static string Unprotect(HashKey key, ReadOnlySpan<byte> sealedBox, ReadOnlySpan<byte> verificationId)
    {
        var cipherLength = sealedBox.Length - NonceSize - TagSize;
        var plain = new byte[cipherLength];
        using var aes = new AesGcm(key.UserIdEncryptionKey, TagSize);
        aes.Decrypt(sealedBox[..NonceSize], sealedBox.Slice(NonceSize, cipherLength), sealedBox[(NonceSize + cipherLength)..], plain, verificationId);
        return Encoding.UTF8.GetString(plain);
    }
}
