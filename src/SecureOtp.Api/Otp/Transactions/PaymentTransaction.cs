using System.Buffers.Binary;
using System.Text;

namespace SecureOtp.Api.Otp.Transactions;

/// <summary>
/// The payment a code is bound to (PSD2 dynamic linking), in canonical form: <see cref="Amount"/> with exactly the
/// currency's minor-unit digits and no leading zeros ("49.9" and "049.90" are both "49.90" EUR), <see cref="Currency"/>
/// an ISO 4217 code in use, <see cref="Payee"/> exactly as sent (validated printable, bound code point for code point).
/// Only <see cref="TransactionValidation"/> makes one from a request, so every instance is canonical.
/// </summary>
internal sealed record PaymentTransaction(string Amount, string Currency, string Payee)
{
    /// <summary>
    /// Length-prefixed fields (4-byte big-endian length, then UTF-8): no two different transactions encode alike, whatever
    /// their characters. This is what the code's MAC covers and what the record keeps (sealed).
    /// </summary>
    public byte[] Encode()
    {
        var fields = new[] { Encoding.UTF8.GetBytes(Amount), Encoding.UTF8.GetBytes(Currency), Encoding.UTF8.GetBytes(Payee) };
        var encoded = new byte[fields.Sum(f => 4 + f.Length)];
        var at = 0;
        foreach (var field in fields)
        {
            BinaryPrimitives.WriteInt32BigEndian(encoded.AsSpan(at), field.Length);
            field.CopyTo(encoded.AsSpan(at + 4));
            at += 4 + field.Length;
        }

        return encoded;
    }

    /// <summary>The reverse of <see cref="Encode"/>; null for bytes it did not write.</summary>
    public static PaymentTransaction? Decode(ReadOnlySpan<byte> encoded)
    {
        var fields = new string[3];
        for (var i = 0; i < fields.Length; i++)
        {
            if (encoded.Length < 4 || BinaryPrimitives.ReadInt32BigEndian(encoded) is var length && (length < 0 || length > encoded.Length - 4))
            {
                return null;
            }

            fields[i] = Encoding.UTF8.GetString(encoded.Slice(4, length));
            encoded = encoded[(4 + length)..];
        }

        return encoded.IsEmpty ? new PaymentTransaction(fields[0], fields[1], fields[2]) : null;
    }

    /// <summary>As the API shows it: the canonical amount, so an echo tells the caller what was bound.</summary>
    public TransactionDetails ToDetails() => new(Amount, Currency, Payee);
}
