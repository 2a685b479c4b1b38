using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace SecureOtp.IntegrationTests.Infrastructure;

/// <summary>The same fake process speaking Twilio's Messages API (see the fake's README, "Twilio").</summary>
public sealed partial class FakeVonageServer
{
    public const string TwilioAccountSid = "ACfa4e0000000000000000000000000001";
    public const string TwilioAuthToken = "fake-twilio-token";
    public const string TwilioApiKeySid = "SKfa4e0000000000000000000000000001";
    public const string TwilioApiKeySecret = "fake-twilio-key-secret";

    /// <summary>Texts the fake Twilio accepted for a number (with or without '+').</summary>
    public async Task<JsonArray> TwilioMessagesAsync(string to) =>
        (await http.GetFromJsonAsync<JsonArray>($"twilio/messages?to={Uri.EscapeDataString(to)}"))!;

    /// <summary>Messages.json requests for a number, refused, faulted and dropped ones included.</summary>
    public async Task<int> TwilioRequestsAsync(string to) =>
        (await http.GetFromJsonAsync<JsonObject>($"twilio/stats?to={Uri.EscapeDataString(to)}"))!["requests"]!.GetValue<int>();

    /// <summary>Adds a Twilio fault: kind error/http/delay/drop, for one calling code or (callingCode = null) every country.</summary>
    public async Task FailTwilioAsync(object fault)
    {
        using var response = await http.PostAsJsonAsync("twilio/faults", fault);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>What a country's Twilio texts become: status delivered/undelivered/failed, errorCode, delayMs, send.</summary>
    public async Task SetTwilioOutcomeAsync(object outcome)
    {
        using var response = await http.PostAsJsonAsync("twilio/outcomes", outcome);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The status callbacks the fake Twilio posted for a number, with the receiver's HTTP status each.</summary>
    public async Task<JsonArray> TwilioCallbacksAsync(string to) =>
        (await http.GetFromJsonAsync<JsonArray>($"twilio/callbacks?to={Uri.EscapeDataString(to)}"))!;
}
