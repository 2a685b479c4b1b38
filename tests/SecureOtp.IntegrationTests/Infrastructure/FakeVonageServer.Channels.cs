using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SecureOtp.IntegrationTests.Infrastructure;

/// <summary>The fake's Vonage Voice and Messages side: calls and WhatsApp messages it took, faults, signed events.</summary>
public sealed partial class FakeVonageServer
{
    public const string ApplicationId = "app-secureotp-tests";
    public const string SignatureSecret = "fake-signature-secret-of-32-bytes-or-more";

    /// <summary>The calls (channel "voice") or WhatsApp messages (channel "whatsapp") it accepted for a number (digits).</summary>
    public async Task<JsonArray> ChannelRequestsAsync(string channel, string toDigits) =>
        (await http.GetFromJsonAsync<JsonArray>($"channels/{channel}?to={Uri.EscapeDataString(toDigits)}"))!;

    /// <summary>Makes the next <paramref name="times"/> requests of a channel fail with an HTTP status.</summary>
    public async Task FailChannelAsync(string channel, int httpStatus, int? times = null)
    {
        using var response = await http.PostAsJsonAsync("channels/faults", new { channel, httpStatus, times });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>A signed Vonage event for a call or message the fake took: the exact body, its Authorization header, and
    /// the query of the URL it goes to (a call's event_url: its reference).</summary>
    public async Task<(string Body, string Authorization, string Query)> SignedEventAsync(string id, string status, bool tamper = false, long? issuedAt = null)
    {
        using var response = await http.PostAsJsonAsync("channels/events", new { id, status, tamper, issuedAt });
        response.EnsureSuccessStatusCode();
        var json = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return (json["body"]!.GetValue<string>(), json["authorization"]!.GetValue<string>(), json["query"]?.GetValue<string>() ?? "");
    }

    /// <summary>The code a call spoke: the digits of its talk text with the SSML removed, said twice.</summary>
    public static string SpokenCode(JsonNode call)
    {
        var digits = Regex.Replace(Regex.Replace(call["body"]!["ncco"]![0]!["text"]!.GetValue<string>(), "<[^>]+>", ""), "[^0-9]", "");
        var (first, second) = (digits[..(digits.Length / 2)], digits[(digits.Length / 2)..]);
        Assert.That(second, Is.EqualTo(first), "the code is read twice");
        return first;
    }

    /// <summary>The code a WhatsApp template carried (its body parameter; the button's must be the same).</summary>
    public static string TemplateCode(JsonNode message)
    {
        var components = message["body"]!["custom"]!["template"]!["components"]!;
        var body = components[0]!["parameters"]![0]!["text"]!.GetValue<string>();
        Assert.That(components[1]!["parameters"]![0]!["text"]!.GetValue<string>(), Is.EqualTo(body), "copy-code button");
        return body;
    }
}

/// <summary>A Vonage application key pair in a temporary folder: the private half for the service, the public for the fake.</summary>
public sealed class VonageApplicationKeys : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("secureotp-vonage-app-");

    public VonageApplicationKeys()
    {
        using var rsa = RSA.Create(2048);
        PrivateKeyPath = Path.Combine(folder.FullName, "private.pem");
        PublicKeyPath = Path.Combine(folder.FullName, "public.pem");
        File.WriteAllText(PrivateKeyPath, rsa.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(PublicKeyPath, rsa.ExportSubjectPublicKeyInfoPem());
    }

    public string PrivateKeyPath { get; }

    public string PublicKeyPath { get; }

    /// <summary>The fake's command line: check JWTs against the public key and this application; sign events with the secret.</summary>
    public string[] FakeArguments() =>
    [
        $"--FakeSimSwap:VonagePublicKeyPath={PublicKeyPath}", $"--FakeSimSwap:ApplicationId={FakeVonageServer.ApplicationId}",
        $"--FakeChannels:SignatureSecret={FakeVonageServer.SignatureSecret}",
    ];

    /// <summary>The service's settings for both Vonage application channels through <paramref name="fake"/>, both enabled.</summary>
    public Dictionary<string, string?> ServiceSettings(FakeVonageServer fake)
    {
        var settings = fake.ServiceSettings();
        settings["Delivery:Vonage:BaseUrl"] = fake.BaseUrl.ToString();
        settings["Delivery:Vonage:ApplicationId"] = FakeVonageServer.ApplicationId;
        settings["Delivery:Vonage:PrivateKeyPath"] = PrivateKeyPath;
        settings["Delivery:Vonage:SignatureSecret"] = FakeVonageServer.SignatureSecret;
        settings["Delivery:Channels:voice:Enabled"] = "true";
        settings["Delivery:Channels:whatsapp:Enabled"] = "true";
        settings["Delivery:VonageVoice:From"] = "447700900999";
        settings["Delivery:VonageVoice:EventUrl"] = "https://otp.example.com/webhooks/vonage/voice-event";
        settings["Delivery:WhatsApp:From"] = "447700900998";
        settings["Delivery:WhatsApp:TemplateName"] = "secureotp_auth";
        settings["Delivery:Resilience:AttemptTimeout"] = "00:00:01";
        settings["Delivery:Resilience:TotalTimeout"] = "00:00:04";
        settings["Delivery:Resilience:RetryBaseDelay"] = "00:00:00.020";
        return settings;
    }

    public void Dispose() => folder.Delete(recursive: true);
}
