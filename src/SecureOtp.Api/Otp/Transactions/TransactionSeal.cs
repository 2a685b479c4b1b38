using System.Security.Cryptography;
using System.Text;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Otp.Transactions;

/// <summary>
/// The record keeps its transaction for <c>GET /otp/{id}</c>, sealed (AES-256-GCM) like the user id: a payee may be a
/// person's name, and Redis holds nothing readable about the user. The key derives from <c>Otp:PseudonymKey</c>, which
/// is not rotated, so a status read needs no key id; the box is bound to its verification id.
/// </summary>
internal static class TransactionSeal
{
    private static readonly byte[] Info = Encoding.ASCII.GetBytes("secureotp/transaction-aead/v1");

    public static byte[] Seal(PseudonymKey root, PaymentTransaction transaction, VerificationId id) =>
        SealedBox.Seal(Key(root), transaction.Encode(), id.Bytes);

    /// <summary>The transaction, or null when the box does not open (altered, or another verification's).</summary>
    public static PaymentTransaction? Open(PseudonymKey root, ReadOnlySpan<byte> box, VerificationId id)
    {
        try
        {
            return PaymentTransaction.Decode(SealedBox.Open(Key(root), box, id.Bytes));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    private static byte[] Key(PseudonymKey root) => HKDF.DeriveKey(HashAlgorithmName.SHA256, root.Secret, 32, info: Info);
}
