using System.Security.Cryptography;

namespace SecureOtp.Api.Security;

/// <summary>
/// AES-256-GCM with a random nonce, laid out as nonce | ciphertext | tag: what the store keeps of anything it must hand
/// back but may not be able to read (a user id, the first answer to an Idempotency-Key). The associated data binds a box
/// to where it belongs, so a box copied elsewhere does not open.
/// </summary>
internal static class SealedBox
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plain, ReadOnlySpan<byte> boundTo)
    {
        using var aes = new AesGcm(key, TagSize);
        return Seal(aes, plain, boundTo);
    }

    /// <summary><see cref="Seal(ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> under a key created once at
    /// start, on a cipher context kept per thread (<see cref="PerThreadContexts{T}"/>): setting up AES-GCM costs about as
    /// much as sealing a short value, and a send seals three.</summary>
    public static byte[] SealUnderLongLivedKey(byte[] key, ReadOnlySpan<byte> plain, ReadOnlySpan<byte> boundTo) =>
        Seal(Kept(key), plain, boundTo);

    /// <exception cref="AuthenticationTagMismatchException">Altered, or sealed under another key or binding.</exception>
    public static byte[] Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> box, ReadOnlySpan<byte> boundTo)
    {
        using var aes = new AesGcm(key, TagSize);
        return Open(aes, box, boundTo);
    }

    /// <exception cref="AuthenticationTagMismatchException">Altered, or sealed under another key or binding.</exception>
    public static byte[] OpenUnderLongLivedKey(byte[] key, ReadOnlySpan<byte> box, ReadOnlySpan<byte> boundTo) =>
        Open(Kept(key), box, boundTo);

    private static AesGcm Kept(byte[] key) => PerThreadContexts<AesGcm>.For(key, static k => new AesGcm(k, TagSize));

    private static byte[] Seal(AesGcm aes, ReadOnlySpan<byte> plain, ReadOnlySpan<byte> boundTo)
    {
        var box = new byte[NonceSize + plain.Length + TagSize];
        var nonce = box.AsSpan(0, NonceSize);
        SecureRandom.Fill(nonce);
        aes.Encrypt(nonce, plain, box.AsSpan(NonceSize, plain.Length), box.AsSpan(NonceSize + plain.Length), boundTo);
        return box;
    }

    private static byte[] Open(AesGcm aes, ReadOnlySpan<byte> box, ReadOnlySpan<byte> boundTo)
    {
        var cipherLength = box.Length - NonceSize - TagSize;
        if (cipherLength < 0)
        {
            throw new AuthenticationTagMismatchException("The box is shorter than a nonce and a tag.");
        }

        var plain = new byte[cipherLength];
        aes.Decrypt(box[..NonceSize], box.Slice(NonceSize, cipherLength), box[(NonceSize + cipherLength)..], plain, boundTo);
        return plain;
    }
}
