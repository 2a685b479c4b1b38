using System.Buffers.Text;
using System.Security.Cryptography;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Otp;

/// <summary>
/// The opaque handle a caller gets back from send: 30 bytes, URL-safe base64 (40 characters).
/// <list type="bullet">
/// <item>bytes 0–7: a keyed hash of the tenant and the user id — the Redis hash tag, so every key of one user lands in one
/// cluster slot, and one user id in two tenants is two unlinkable users;</item>
/// <item>bytes 8–11: a keyed hash of the purpose — which of the user's live verifications this is;</item>
/// <item>bytes 12–29: 144 random bits — what makes the handle unguessable.</item>
/// </list>
/// The routing bytes let verify find the record from the handle alone. The store keeps only a hash of the whole
/// handle, so reading the store does not give anyone a handle to present.
/// </summary>
internal sealed class VerificationId
{
    public const int ByteLength = 30;
    public const int TextLength = 40;
    private const int SlotTagLength = 8;
    private const int PurposeTagLength = 4;
    private const int RandomLength = ByteLength - SlotTagLength - PurposeTagLength;

    private readonly byte[] bytes;

    private VerificationId(byte[] bytes)
    {
        this.bytes = bytes;
        Value = Base64Url.EncodeToString(bytes);
        Slot = SlotOf(bytes.AsSpan(0, SlotTagLength), bytes.AsSpan(SlotTagLength, PurposeTagLength));
        LookupHash = Base64Url.EncodeToString(SHA256.HashData(bytes).AsSpan(0, 16));
    }

    public string Value { get; }

    /// <summary>Where the verification lives: the user's slot tag and the purpose tag.</summary>
    public VerificationSlot Slot { get; }

    /// <summary>What the store keeps to recognise this handle: a hash of it, not the handle.</summary>
    public string LookupHash { get; }

    public ReadOnlySpan<byte> Bytes => bytes;

    public static VerificationId New(ReadOnlySpan<byte> userHash, ReadOnlySpan<byte> purposeHash)
    {
        var bytes = new byte[ByteLength];
        userHash[..SlotTagLength].CopyTo(bytes);
        purposeHash[..PurposeTagLength].CopyTo(bytes.AsSpan(SlotTagLength));
        SecureRandom.Fill(bytes.AsSpan(SlotTagLength + PurposeTagLength, RandomLength));
        return new VerificationId(bytes);
    }

    /// <summary>Accepts exactly what <see cref="New"/> produces; anything else cannot name a verification.</summary>
    public static bool TryParse(string? text, out VerificationId id)
    {
        id = null!;
        if (text is not { Length: TextLength } || !Base64Url.IsValid(text))
        {
            return false;
        }

        var bytes = new byte[ByteLength];
        if (Base64Url.DecodeFromChars(text, bytes) != ByteLength)
        {
            return false;
        }

        id = new VerificationId(bytes);
        return true;
    }

    /// <summary>An id from its raw bytes (as <see cref="SealedVerificationId"/> keeps them).</summary>
    public static bool TryFromBytes(byte[] bytes, out VerificationId id)
    {
        id = bytes.Length == ByteLength ? new VerificationId(bytes) : null!;
        return id is not null;
    }

    /// <summary>The slot every verification of this user (hash of tenant and user id) and purpose (its hash) lives in.</summary>
    public static VerificationSlot SlotOf(ReadOnlySpan<byte> userHash, ReadOnlySpan<byte> purposeHash) =>
        new(Base64Url.EncodeToString(userHash[..SlotTagLength]), PurposeTagOf(purposeHash));

    /// <summary>The purpose's tag in a slot, from its keyed hash (<see cref="Security.Pseudonyms.PurposeHash"/>).</summary>
    public static string PurposeTagOf(ReadOnlySpan<byte> purposeHash) => Convert.ToHexStringLower(purposeHash[..PurposeTagLength]);

    public override string ToString() => Value;
}

/// <summary>The routing part of a verification: the same for every verification of one user and purpose.</summary>
internal readonly record struct VerificationSlot(string UserTag, string PurposeTag);
