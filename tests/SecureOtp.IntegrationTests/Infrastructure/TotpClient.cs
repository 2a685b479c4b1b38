using System.Buffers.Binary;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace SecureOtp.IntegrationTests.Infrastructure;

/// <summary>
/// What a login flow and the user's authenticator app do over HTTP. The codes come from <see cref="Authenticator"/>, an
/// implementation of RFC 4226/6238 written here from the RFCs (not Otp.NET), fed only by the <c>otpauth://</c> URI the
/// service returned: if the two implementations disagreed, no test would pass.
/// </summary>
public sealed class TotpClient(HttpClient http)
{
    public HttpClient Http => http;

    public static TotpClient For(SecureOtpApp app, string apiKey = TestApiKeys.Full)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return new TotpClient(client);
    }

    public Task<HttpResponseMessage> EnrollAsync(string userId, string? accountName = null, string? issuer = null) =>
        http.PostAsJsonAsync("/totp/enroll", new { userId, accountName, issuer });

    /// <summary>Enrols, asserting the 201, and returns the app that scanned the QR code's URI.</summary>
    public async Task<Authenticator> EnrollAppAsync(string userId)
    {
        using var response = await EnrollAsync(userId);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(201), body);
        return Authenticator.FromUri(JsonNode.Parse(body)!["otpauthUri"]!.GetValue<string>());
    }

    public Task<HttpResponseMessage> ConfirmAsync(string userId, string code) => http.PostAsJsonAsync("/totp/confirm", new { userId, code });

    public Task<HttpResponseMessage> VerifyAsync(string userId, string code) => http.PostAsJsonAsync("/totp/verify", new { userId, code });

    public Task<HttpResponseMessage> RecoverAsync(string userId, string recoveryCode) =>
        http.PostAsJsonAsync("/totp/recover", new { userId, recoveryCode });

    /// <summary>Enrols and confirms at <paramref name="now"/>; returns the app and the recovery codes.</summary>
    public async Task<(Authenticator App, string[] RecoveryCodes)> ActivateAsync(string userId, DateTimeOffset now)
    {
        var app = await EnrollAppAsync(userId);
        using var confirmed = await ConfirmAsync(userId, app.CodeAt(now));
        var body = await confirmed.Content.ReadAsStringAsync();
        Assert.That((int)confirmed.StatusCode, Is.EqualTo(200), body);
        return (app, JsonNode.Parse(body)!["recoveryCodes"]!.AsArray().Select(c => c!.GetValue<string>()).ToArray());
    }
}

/// <summary>An authenticator app: RFC 6238 over RFC 4226 with HMAC-SHA1, 6 digits, 30-second steps, from the URI alone.</summary>
public sealed class Authenticator(byte[] secret, string base32Secret)
{
    public string Base32Secret => base32Secret;

    public byte[] Secret => secret;

    /// <summary>Reads <c>secret</c>, and checks the parameters an app would honour, from an <c>otpauth://totp/</c> URI.</summary>
    public static Authenticator FromUri(string otpauthUri)
    {
        var uri = new Uri(otpauthUri);
        Assert.That((uri.Scheme, uri.Host), Is.EqualTo(("otpauth", "totp")));
        var query = uri.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]), StringComparer.Ordinal);
        Assert.That((query["algorithm"], query["digits"], query["period"]), Is.EqualTo(("SHA1", "6", "30")));
        return new Authenticator(Base32Decode(query["secret"]), query["secret"]);
    }

    public string CodeAt(DateTimeOffset now, int stepOffset = 0) => Hotp(secret, (now.ToUnixTimeSeconds() / 30) + stepOffset);

    /// <summary>RFC 4226 §5.3: HMAC-SHA1 of the big-endian counter, dynamic truncation, modulo 10^6.</summary>
    private static string Hotp(byte[] key, long counter)
    {
        var message = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(message, counter);
#pragma warning disable CA5350 // RFC 6238's default, what every authenticator app computes; HMAC-SHA1 is no weak MAC
        var mac = HMACSHA1.HashData(key, message);
#pragma warning restore CA5350
        var offset = mac[^1] & 0x0F;
        var binary = BinaryPrimitives.ReadInt32BigEndian(mac.AsSpan(offset, 4)) & 0x7FFFFFFF;
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>RFC 4648 §6 Base32, upper case, padding optional.</summary>
    private static byte[] Base32Decode(string text)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('='))
        {
            buffer = (buffer << 5) | Alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
                buffer &= (1 << bits) - 1;
            }
        }

        return [.. bytes];
    }
}
