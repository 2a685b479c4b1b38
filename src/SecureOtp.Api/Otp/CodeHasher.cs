using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using SecureOtp.Api.Otp.Transactions;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Otp;

/// <summary>
/// What is stored instead of a code: HMAC-SHA256 under the server secret over the code and the verification handle.
/// The handle's 144 random bits are the per-code random salt, and its user and purpose tags bind the code to both
/// (<see cref="VerificationId"/>), so a stolen store dump cannot be brute-forced offline (6 digits are only a million
/// guesses) and a code cannot be replayed against another verification. Because everything hashed is known from the
/// request, verify needs no read before its one atomic script (see attempt.lua).
/// </summary>
internal static class CodeHasher
{
    /// <summary>HMAC-SHA256 truncated to 128 bits (NIST SP 800-107 allows truncated MACs of 64 bits or more): far beyond
    /// the 20-bit guessing space of a code, and 16 bytes less per live verification in Redis.</summary>
    public const int MacLength = 16;

    private const int MaxCodeLength = 10;

    /// <summary>Bounds the stack buffer: a valid transaction takes at most 12 + 24 + 3 + 256 bytes.</summary>
    private const int MaxTransactionLength = 512;
    private static readonly byte[] Label = Encoding.ASCII.GetBytes("secureotp/code/v2");

    /// <param name="transaction">The payment the code is for (PSD2 dynamic linking), already canonical and encoded
    /// (<see cref="PaymentTransaction.Encode"/>); empty for a code bound to none, whose input stays what it always was.</param>
    public static byte[] Hash(HashKey key, string code, VerificationId id, ReadOnlySpan<byte> transaction = default)
    {
        if (code.Length > MaxCodeLength)
        {
            throw new ArgumentException("A code has at most 10 digits.", nameof(code));
        }

        if (transaction.Length > MaxTransactionLength)
        {
            throw new ArgumentException("A validated transaction encodes in far fewer bytes.", nameof(transaction));
        }

        // Length-prefixed fields, so no two different field lists produce the same input; built on the stack and hashed
        // in one call, because this runs on every verify. The transaction's encoding is length-prefixed fields too, after
        // the id's: with or without one, and whichever one, the inputs differ.
        Span<byte> input = stackalloc byte[Label.Length + 4 + MaxCodeLength + 4 + VerificationId.ByteLength + transaction.Length];
        var written = 0;
        Label.CopyTo(input);
        written += Label.Length;
        written += AppendField(input[written..], code);
        written += AppendField(input[written..], id.Bytes);
        transaction.CopyTo(input[written..]);
        written += transaction.Length;

        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        KeyedHmac.Compute(key.Secret, input[..written], mac);
        return mac[..MacLength].ToArray();
    }

    private static int AppendField(Span<byte> destination, string asciiField)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination, asciiField.Length);
        return 4 + Encoding.ASCII.GetBytes(asciiField, destination[4..]);
    }

    private static int AppendField(Span<byte> destination, ReadOnlySpan<byte> field)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination, field.Length);
        field.CopyTo(destination[4..]);
        return 4 + field.Length;
    }
}
