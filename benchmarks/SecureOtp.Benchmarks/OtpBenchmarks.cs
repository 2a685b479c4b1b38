using System.Security.Cryptography;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Json;
using SecureOtp.Api.Otp;
using SecureOtp.Api.Security;
using SecureOtp.Api.Sms;

namespace SecureOtp.Benchmarks;

/// <summary>Hashing a code under a key picked by id: the active key (k1) or an older one kept for rotation (k2).</summary>
[MemoryDiagnoser]
public class KeyedHashBenchmarks
{
    private HashKeyRing ring = null!;
    private PseudonymKey pseudonymKey = null!;
    private byte[] userHash = null!;
    private VerificationId id = null!;
    private string idText = null!;

    /// <summary>The key id the stored record names.</summary>
    [Params("k1", "k2")]
    public string KeyId { get; set; } = "k1";

    [GlobalSetup]
    public void Setup()
    {
        ring = Fixtures.Ring();
        pseudonymKey = Fixtures.PseudonymKey();
        userHash = Pseudonyms.UserHash(pseudonymKey, "tenant", "u-123");
        id = VerificationId.New(userHash, Pseudonyms.PurposeHash(pseudonymKey, "login"));
        idText = id.Value;
    }

    [Benchmark(Description = "CodeHasher.Hash")]
    public byte[] HashCode()
    {
        ring.TryGet(KeyId, out var key);
        return CodeHasher.Hash(key, "123456", id);
    }

    /// <summary>What verify does in .NET before its one store call: parse the handle, hash the candidate under the key.</summary>
    [Benchmark(Description = "Verify-side hash (parse id + key lookup + hash)")]
    public byte[] VerifySideHash()
    {
        if (!VerificationId.TryParse(idText, out var parsed) || !ring.TryGet(KeyId, out var key))
        {
            throw new InvalidOperationException("unknown key");
        }

        return CodeHasher.Hash(key, "123456", parsed);
    }

    /// <summary>Verify with a userId in the request: one more HMAC (the user binding) beside the code hash.</summary>
    [Benchmark(Description = "Verify-side hash with userId (+ user pseudonym)")]
    public byte[] VerifySideHashWithUser()
    {
        if (!VerificationId.TryParse(idText, out var parsed) || !ring.TryGet(KeyId, out var key))
        {
            throw new InvalidOperationException("unknown key");
        }

        _ = Pseudonyms.UserBinding(pseudonymKey, "tenant", "u-123");
        return CodeHasher.Hash(key, "123456", parsed);
    }
}

/// <summary>The rest of the CPU work of one send: the code, the handle and stored hash, and the text.</summary>
[MemoryDiagnoser]
public class SendSideBenchmarks
{
    private readonly int codeLength = 6;
    private HashKey activeKey = null!;
    private PseudonymKey pseudonymKey = null!;
    private SmsTextComposer composer = null!;

    [GlobalSetup]
    public void Setup()
    {
        activeKey = Fixtures.Ring().Active;
        pseudonymKey = Fixtures.PseudonymKey();
        composer = new SmsTextComposer(Options.Create(new SmsOptions { WebOtpDomain = "login.example.com" }));
    }

    [Benchmark(Description = "CodeGenerator.NewCode(6)")]
    public string GenerateCode() => CodeGenerator.NewCode(codeLength);

    /// <summary>The send side's CPU work: user and purpose pseudonyms, handle, code and stored hash.</summary>
    [Benchmark(Description = "Send-side issue (pseudonyms + id + code + hash)")]
    public byte[] SendSideIssue()
    {
        var user = Pseudonyms.UserHash(pseudonymKey, "tenant", "u-123");
        var newId = VerificationId.New(user, Pseudonyms.PurposeHash(pseudonymKey, "login"));
        var code = CodeGenerator.NewCode(codeLength);
        return CodeHasher.Hash(activeKey, code, newId);
    }

    [Benchmark(Description = "SmsTextComposer.Compose (en, WebOTP line)")]
    public string ComposeText() => composer.Compose("123456", "en", TimeSpan.FromMinutes(5), null);

    [Benchmark(Description = "SmsTextComposer.Compose (es-MX fallback, appHash)")]
    public string ComposeTextFallback() => composer.Compose("123456", "es-MX", TimeSpan.FromMinutes(5), "FA+9qCX9VSu");
}

internal static class Fixtures
{
    /// <summary>Two configured keys, k1 active; fresh random secrets each run.</summary>
    public static HashKeyRing Ring()
    {
        var options = new OtpOptions { ActiveHashKeyId = "k1" };
        options.HashKeys["k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        options.HashKeys["k2"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        return OtpOptions.KeyRing(options);
    }

    /// <summary>Otp:PseudonymKey: a fresh random secret each run.</summary>
    public static PseudonymKey PseudonymKey() => new(RandomNumberGenerator.GetBytes(32));
}

/// <summary>Request and response bodies through the source-generated context, as the endpoints use them.</summary>
[MemoryDiagnoser]
public class JsonBenchmarks : IDisposable
{
    private readonly byte[] sendRequestUtf8 =
        """{"userId":"u-123","phoneNumber":"+14155550100","purpose":"login","locale":"en","clientIp":"203.0.113.7","appHash":"FA+9qCX9VSu"}"""u8.ToArray();

    private readonly byte[] verifyRequestUtf8 =
        """{"verificationId":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","code":"123456","userId":"u-123"}"""u8.ToArray();

    private readonly SendOtpResponse response = new("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "pending", "sms",
        new DateTimeOffset(2026, 11, 21, 10, 5, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 21, 10, 0, 30, TimeSpan.Zero), 5,
        RiskAssessment.NotChecked);

    private readonly MemoryStream buffer = new(1024);

    [Benchmark(Description = "Deserialize SendOtpRequest")]
    public SendOtpRequest? DeserializeSendRequest() =>
        JsonSerializer.Deserialize(sendRequestUtf8, SecureOtpJsonContext.Default.SendOtpRequest);

    [Benchmark(Description = "Deserialize VerifyOtpRequest")]
    public VerifyOtpRequest? DeserializeVerifyRequest() =>
        JsonSerializer.Deserialize(verifyRequestUtf8, SecureOtpJsonContext.Default.VerifyOtpRequest);

    /// <summary>To a reused stream, as the response body writer does (no intermediate string).</summary>
    [Benchmark(Description = "Serialize SendOtpResponse (stream)")]
    public long SerializeSendResponse()
    {
        buffer.SetLength(0);
        JsonSerializer.Serialize(buffer, response, SecureOtpJsonContext.Default.SendOtpResponse);
        return buffer.Length;
    }

    [Benchmark(Description = "Serialize SendOtpResponse (byte[])")]
    public byte[] SerializeSendResponseToBytes() => JsonSerializer.SerializeToUtf8Bytes(response, SecureOtpJsonContext.Default.SendOtpResponse);

    public void Dispose()
    {
        buffer.Dispose();
        GC.SuppressFinalize(this);
    }
}
