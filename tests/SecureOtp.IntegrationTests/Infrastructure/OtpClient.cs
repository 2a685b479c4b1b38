using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SecureOtp.IntegrationTests.Infrastructure;

/// <summary>What a login flow would do over HTTP, in a few readable calls.</summary>
public sealed partial class OtpClient(HttpClient http)
{
    public HttpClient Http => http;

    public static OtpClient For(SecureOtpApp app, string apiKey = TestApiKeys.Full)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return new OtpClient(client);
    }

    public static string NewUserId() => "u-" + Guid.NewGuid().ToString("N");

    public static string NewPhone() => "+1415" + System.Security.Cryptography.RandomNumberGenerator.GetInt32(1_000_000, 9_999_999);

    /// <summary>Sends for <paramref name="userId"/>; with no phone given, to a fresh random number (so per-phone limits stay out of the way).</summary>
    public Task<HttpResponseMessage> SendAsync(string userId, string? phone = null, string? purpose = null, string? idempotencyKey = null, string? clientIp = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/otp/send")
        {
            Content = JsonContent.Create(new { userId, phoneNumber = phone ?? NewPhone(), purpose, clientIp }),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return http.SendAsync(request);
    }

    /// <summary>Sends and returns the verification id, asserting the 202.</summary>
    public async Task<string> StartAsync(string userId, string? phone = null, string? purpose = null)
    {
        using var response = await SendAsync(userId, phone, purpose);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return (await ReadJson(response))["verificationId"]!.GetValue<string>();
    }

    /// <summary>Verifies as a login flow does: naming the user it started the verification for (<c>Otp:RequireUserId</c>);
    /// null leaves <c>userId</c> out of the body, which only a service configured with the optional binding accepts.</summary>
    public Task<HttpResponseMessage> VerifyAsync(
        string verificationId, string code, string? userId, string? clientIp = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/otp/verify")
        {
            Content = JsonContent.Create(new { verificationId, code, userId, clientIp }),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return http.SendAsync(request);
    }

    /// <summary>Verify by user: no verification id, the user's live verification for the purpose (left out: null) is checked.</summary>
    public Task<HttpResponseMessage> VerifyByUserAsync(string userId, string code, string? purpose = null, string? idempotencyKey = null) =>
        PostVerifyAsync(new { userId, purpose, code }, idempotencyKey);

    /// <summary>A verify with any body (a field left null is left out), for the forms and their bad inputs.</summary>
    public Task<HttpResponseMessage> PostVerifyAsync(object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/otp/verify")
        {
            Content = JsonContent.Create(body, options: new JsonSerializerOptions { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull }),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return http.SendAsync(request);
    }

    /// <summary>Reads the code from the Development outbox, as a newcomer would with curl.</summary>
    public async Task<string> ReadCodeAsync(string verificationId)
    {
        var messages = await http.GetFromJsonAsync<JsonArray>($"/dev/outbox?verificationId={verificationId}");
        Assert.That(messages, Has.Count.EqualTo(1), "exactly one text for this verification");
        return CodePattern().Match(messages![0]!["text"]!.GetValue<string>()).Value;
    }

    public async Task<int> OutboxCountAsync() => (await http.GetFromJsonAsync<JsonArray>("/dev/outbox"))!.Count;

    public static async Task<JsonNode> ReadJson(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new JsonException("empty body");

    /// <summary>A code different from <paramref name="code"/>, of the same length.</summary>
    public static string WrongCode(string code) => new([.. code.Select(c => c == '9' ? '0' : (char)(c + 1))]);

    [GeneratedRegex(@"\b[0-9]{4,10}\b")]
    private static partial Regex CodePattern();
}
