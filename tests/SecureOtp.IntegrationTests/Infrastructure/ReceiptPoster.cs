using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using SecureOtp.Api.Otp.Delivery;
using SecureOtp.Api.Sms.Vonage;

namespace SecureOtp.IntegrationTests.Infrastructure;

/// <summary>
/// Plays Vonage towards the receipt webhook: builds a receipt with Vonage's fields, signs it with the secret the app was
/// given (the service's own signer, whose output the unit tests pin to independently computed vectors), and delivers it
/// as a form, JSON or a query string. Like Vonage, it echoes the send's <c>client-ref</c> (our delivery reference) in
/// every receipt for a text the Development outbox holds (<see cref="Echo"/> off: a receipt as texts sent before
/// references got them, with the message id only).
/// </summary>
public sealed class ReceiptPoster(HttpClient http, TimeProvider clock, string? secret = ReceiptPoster.Secret, string method = "md5hash")
{
    public const string Secret = "test-signature-secret-0123456789";

    /// <summary>Each outbox text's client-ref by its message id, as the outbox answered (message ids are random: one map serves every app).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> ClientRefs = new(StringComparer.Ordinal);

    /// <summary>Whether receipts carry the text's client-ref, as Vonage's do.</summary>
    public bool Echo { get; init; } = true;

    /// <summary>The app settings that make the service check receipts signed with <see cref="Secret"/>.</summary>
    public static Dictionary<string, string?> Settings(string method = "md5hash") => new()
    {
        ["Sms:Vonage:SignatureSecret"] = Secret,
        ["Sms:Vonage:SignatureMethod"] = method,
    };

    /// <summary>A receipt as Vonage sends it, timestamped by the app's clock (or <paramref name="timestamp"/>).</summary>
    public Dictionary<string, string> Receipt(string messageId, string status, string errCode = "0", DateTimeOffset? timestamp = null)
    {
        var receipt = Unreferenced(messageId, status, errCode, timestamp);
        if (Echo && ClientRefs.TryGetValue(messageId, out var clientRef))
        {
            receipt["client-ref"] = clientRef;
        }

        return receipt;
    }

    private Dictionary<string, string> Unreferenced(string messageId, string status, string errCode, DateTimeOffset? timestamp) =>
        new(StringComparer.Ordinal)
        {
            ["msisdn"] = "14155550100",
            ["to"] = "SecureOtp",
            ["network-code"] = "23410",
            ["messageId"] = messageId,
            ["price"] = "0.03330000",
            ["status"] = status,
            ["scts"] = "2612020000",
            ["err-code"] = errCode,
            ["api-key"] = "fake-key",
            ["message-timestamp"] = "2026-12-02 00:00:00",
            ["timestamp"] = (timestamp ?? clock.GetUtcNow()).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["nonce"] = Guid.NewGuid().ToString(),
        };

    /// <summary>Adds <c>sig</c> over the other parameters (unless this poster has no secret).</summary>
    public Dictionary<string, string> WithSignature(Dictionary<string, string> parameters)
    {
        if (secret is not null && VonageSignature.TryParseMethod(method, out var m))
        {
            parameters["sig"] = VonageSignature.Compute(VonageSignature.SigningString(parameters), secret, m);
        }

        return parameters;
    }

    /// <param name="format">form, json or get.</param>
    public Task<HttpResponseMessage> SendAsync(Dictionary<string, string> parameters, string format = "form") => format switch
    {
        "get" => http.GetAsync(QueryHelpers.AddQueryString(DeliveryReceiptApi.Path, parameters!)),
        "json" => http.PostAsJsonAsync(DeliveryReceiptApi.Path, parameters),
        _ => http.PostAsync(DeliveryReceiptApi.Path, new FormUrlEncodedContent(parameters)),
    };

    /// <summary>Signs and delivers a receipt for one part.</summary>
    public async Task<HttpResponseMessage> PostAsync(string messageId, string status, string errCode = "0", string format = "form")
    {
        if (Echo && !ClientRefs.ContainsKey(messageId))
        {
            await LearnClientRefsAsync(http);
        }

        return await SendAsync(WithSignature(Receipt(messageId, status, errCode)), format);
    }

    /// <summary>A receipt for a text as a fake provider or the outbox lists it (<c>messageId</c>, <c>clientRef</c>): its
    /// client-ref echoed, as Vonage does.</summary>
    public Task<HttpResponseMessage> PostAsync(JsonNode text, string status, string errCode = "0")
    {
        var messageId = text["messageId"]!.GetValue<string>();
        if (text["clientRef"]?.GetValue<string>() is { } clientRef)
        {
            ClientRefs[messageId] = clientRef;
        }

        return PostAsync(messageId, status, errCode);
    }

    /// <summary>The message id the Development outbox gave the verification's text (its client-ref noted for the receipts).</summary>
    public static async Task<string> MessageIdAsync(OtpClient client, string verificationId)
    {
        var messages = await client.Http.GetFromJsonAsync<JsonArray>($"/dev/outbox?verificationId={verificationId}");
        var text = messages!.Single()!;
        ClientRefs[text["messageId"]!.GetValue<string>()] = text["clientRef"]!.GetValue<string>();
        return text["messageId"]!.GetValue<string>();
    }

    /// <summary>Notes every outbox text's client-ref (a fallback's texts, read from the outbox by the test itself).</summary>
    private static async Task LearnClientRefsAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/dev/outbox");
        if (!response.IsSuccessStatusCode || await response.Content.ReadFromJsonAsync<JsonArray>() is not { } messages)
        {
            return; // no outbox (another provider): nothing to echo
        }

        foreach (var text in messages.OfType<JsonObject>())
        {
            ClientRefs[text["messageId"]!.GetValue<string>()] = text["clientRef"]!.GetValue<string>();
        }
    }

    /// <summary>The <c>delivery</c> object of <c>GET /otp/{id}</c>.</summary>
    public static async Task<JsonObject> DeliveryAsync(OtpClient client, string verificationId)
    {
        using var response = await client.Http.GetAsync($"/otp/{verificationId}");
        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
        return (await OtpClient.ReadJson(response))["delivery"]!.AsObject();
    }

    public static async Task<string> StatusAsync(OtpClient client, string verificationId) =>
        (await DeliveryAsync(client, verificationId))["status"]!.GetValue<string>();
}
