using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Otp;

/// <summary>
/// What an Idempotency-Key's record keeps instead of what it protects. A plain SHA-256 of a send body gave the phone
/// number and user id away by brute force, and a stored answer a usable verification id (issue 13). So:
/// <list type="bullet">
/// <item>the record's name is a keyed hash of client + Idempotency-Key (the key itself is never stored);</item>
/// <item>the body is a keyed hash, salted by the record's name, so two records of one body do not look alike;</item>
/// <item>a send's answer is sealed (AES-256-GCM) under a key derived from the Idempotency-Key and the server secret: only
/// a caller presenting the key again can open it.</item>
/// </list>
/// Someone reading Redis can neither link a record to a phone or user nor obtain a verification id from it.
/// </summary>
internal sealed class IdempotencyProtector
{
    private const int HashLength = 16;

    private readonly byte[] nameKey;
    private readonly byte[] bodyKey;
    private readonly byte[] sealKey;

    /// <param name="pseudonymKey">The root of every key here: <c>Otp:PseudonymKey</c>, long-lived, so a rotation of the code
    /// keys (<c>Otp:ActiveHashKeyId</c>) renames no record and a retry across it still replays.</param>
    public IdempotencyProtector(PseudonymKey pseudonymKey)
    {
        nameKey = Derive(pseudonymKey.Secret, "name");
        bodyKey = Derive(pseudonymKey.Secret, "body");
        sealKey = Derive(pseudonymKey.Secret, "seal");
    }

    public SendIdempotencyKey ForSend(string client, string idempotencyKey, SendOtpRequest body)
    {
        var name = Hash(nameKey, "send", client, idempotencyKey);
        var requestHash = Hash(bodyKey, name, JsonSerializer.Serialize(body, SecureOtpJsonContext.Default.SendOtpRequest));
        var request = new IdempotentRequest(name, requestHash, UniqueMember.New());
        return new SendIdempotencyKey(request, Mac(sealKey, client, idempotencyKey));
    }

    /// <summary>A verify's record is per verification: one key may be used for several of them without a clash.</summary>
    /// <param name="retention">How long the first answer is replayed.</param>
    public AttemptReplay ForVerify(string client, string idempotencyKey, VerificationId id, string code, string? userId, TimeSpan retention)
    {
        var name = Hash(nameKey, "verify", client, idempotencyKey, id.Value);
        return new AttemptReplay(name, Hash(bodyKey, name, code, userId ?? ""), retention);
    }

    /// <summary>Verify by user's record is per user and purpose (its slot), named apart from the id form's ("verify-by-user",
    /// not "verify"): a key used in both forms names two records, so neither form is ever answered with the other's reply.</summary>
    public AttemptReplay ForVerifyByUser(string client, string idempotencyKey, VerificationSlot slot, string code, TimeSpan retention)
    {
        var name = Hash(nameKey, "verify-by-user", client, idempotencyKey, slot.UserTag, slot.PurposeTag);
        return new AttemptReplay(name, Hash(bodyKey, name, code), retention);
    }

    private static byte[] Derive(byte[] root, string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, root, 32, info: Encoding.ASCII.GetBytes($"secureotp/idempotency/{purpose}/v1"));

    private static string Hash(byte[] key, params string[] parts) => Base64Url.EncodeToString(Mac(key, parts).AsSpan(0, HashLength));

    /// <summary>HMAC-SHA256 over the parts, each ended by a NUL (no part can hold one: all are validated printable text),
    /// laid out in one buffer and hashed in one call.</summary>
    private static byte[] Mac(byte[] key, params string[] parts)
    {
        var input = Encoding.UTF8.GetBytes(string.Join('\0', parts) + "\0");
        var mac = HMACSHA256.HashData(key, input);
        CryptographicOperations.ZeroMemory(input);
        return mac;
    }
}

/// <summary>One send's Idempotency-Key: what the store keeps of it, and the seal of the answer a retry gets back.</summary>
internal sealed class SendIdempotencyKey(IdempotentRequest request, byte[] sealingKey)
{
    public IdempotentRequest Request => request;

    public byte[] Seal(SendOtpResponse response) =>
        SealedBox.Seal(sealingKey, JsonSerializer.SerializeToUtf8Bytes(response, SecureOtpJsonContext.Default.SendOtpResponse), BoundTo());

    /// <summary>The first answer, or null when the box does not open (altered, or sealed for another record).</summary>
    public SendOtpResponse? Open(ReadOnlySpan<byte> sealedResponse)
    {
        try
        {
            return JsonSerializer.Deserialize(SealedBox.Open(sealingKey, sealedResponse, BoundTo()), SecureOtpJsonContext.Default.SendOtpResponse);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    /// <summary>The box opens only in the record it was sealed for, for the body it answered.</summary>
    private byte[] BoundTo() => Encoding.ASCII.GetBytes(request.ScopedKey + "\0" + request.RequestHash);
}
