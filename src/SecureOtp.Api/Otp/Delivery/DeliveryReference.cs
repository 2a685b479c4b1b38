using System.Buffers.Text;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Otp.Delivery;

/// <summary>
/// Our own name for one delivery attempt, carried through the provider and echoed in its (authenticated) receipts, so
/// a receipt names the delivery state directly — no per-message link key to write at send and read back. It holds tags
/// and hashes only: the user's slot tag (a keyed hash of tenant and user id), the verification's id hash and the
/// attempt's random token — never a number, code, user id or tenant name.
/// </summary>
/// <remarks>Text: a version letter, then the 28 bytes (8 slot tag, 16 id hash, 4 token) in URL-safe base64: 39 characters,
/// within Vonage's 40 for <c>client-ref</c>, and nothing a URL's query needs to escape. A receipt's reference is parsed
/// strictly: anything else names no delivery.</remarks>
internal sealed record DeliveryReference(string UserTag, string IdHash, string Token)
{
    public const int TextLength = 39;

    private const char Version = 'r';
    private const int UserTagBytes = 8;
    private const int IdHashBytes = 16;
    private const int TokenBytes = 4;
    private const int ByteLength = UserTagBytes + IdHashBytes + TokenBytes;

    /// <summary>A fresh attempt of the verification <paramref name="id"/>: its token is 32 random bits (two attempts may
    /// share a millisecond; the token tells them apart).</summary>
    public static DeliveryReference New(VerificationId id) =>
        new(id.Slot.UserTag, id.LookupHash, Convert.ToHexString(SecureRandom.GetBytes(TokenBytes)));

    public string Text
    {
        get
        {
            Span<byte> bytes = stackalloc byte[ByteLength];
            Base64Url.DecodeFromChars(UserTag, bytes[..UserTagBytes]);
            Base64Url.DecodeFromChars(IdHash, bytes.Slice(UserTagBytes, IdHashBytes));
            Convert.FromHexString(Token, bytes[(UserTagBytes + IdHashBytes)..], out _, out _);
            return Version + Base64Url.EncodeToString(bytes);
        }
    }

    /// <summary>Accepts exactly what <see cref="Text"/> produces; null, a wrong length, version or alphabet names nothing.</summary>
    public static bool TryParse(string? text, out DeliveryReference reference)
    {
        reference = null!;
        if (text is not { Length: TextLength } || text[0] != Version || !Base64Url.IsValid(text.AsSpan(1)))
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[ByteLength];
        if (!Base64Url.TryDecodeFromChars(text.AsSpan(1), bytes, out var written) || written != ByteLength)
        {
            return false;
        }

        reference = new DeliveryReference(Base64Url.EncodeToString(bytes[..UserTagBytes]),
            Base64Url.EncodeToString(bytes.Slice(UserTagBytes, IdHashBytes)), Convert.ToHexString(bytes[(UserTagBytes + IdHashBytes)..]));
        // Only the canonical text: a non-zero padding bit would decode to the same bytes from a different text.
        return reference.Text == text;
    }
}
