using System.Security.Cryptography;
using System.Text;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Otp;

/// <summary>
/// Verify by user names no verification id, yet a code's hash binds the id (<see cref="CodeHasher"/>): so the record
/// keeps its id sealed (AES-256-GCM under a key derived from <c>Otp:PseudonymKey</c>), bound to the record's slot.
/// Reading the store still gives nobody a handle to present, and a box copied to another user's record does not open.
/// </summary>
internal static class SealedVerificationId
{
    public static byte[] Seal(PseudonymKey key, VerificationId id) => SealedBox.SealUnderLongLivedKey(key.VerificationIdSealKey, id.Bytes, BoundTo(id.Slot));

    /// <summary>The id the box holds, when it opens for this slot and names a verification of it; otherwise false.</summary>
    public static bool TryOpen(PseudonymKey key, byte[] box, VerificationSlot slot, out VerificationId id)
    {
        id = null!;
        try
        {
            var bytes = SealedBox.OpenUnderLongLivedKey(key.VerificationIdSealKey, box, BoundTo(slot));
            return VerificationId.TryFromBytes(bytes, out id) && id.Slot == slot;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    private static byte[] BoundTo(VerificationSlot slot) => Encoding.ASCII.GetBytes($"{slot.UserTag}\0{slot.PurposeTag}");
}
