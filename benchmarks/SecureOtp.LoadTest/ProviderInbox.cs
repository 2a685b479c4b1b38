using System.Net;
using System.Text.Json;

namespace SecureOtp.LoadTest;

/// <summary>
/// Reads the texts the fake Vonage server accepted, to learn the right code the way a user would. Codes read here live
/// only in memory for the next verify: they are never printed, logged or written into a result.
/// </summary>
internal sealed class ProviderInbox(HttpClient? provider)
{
    private HttpClient Provider => provider ?? throw new InvalidOperationException("this scenario needs --provider-url (the fake Vonage server)");

    /// <summary>The fake keeps every text in one list and scans it per query, so scenarios that read texts start from an empty list.</summary>
    public async Task ClearAsync(CancellationToken cancellationToken)
    {
        using var response = await Provider.DeleteAsync("/messages", cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// The code in the latest text to <paramref name="phone"/>, or null. Status is the fake's HTTP status, or -404 when it
    /// answered 200 with no text for that number (told apart from a real 404 in the status counts).
    /// </summary>
    public async Task<(int Status, string? Code)> CodeForAsync(string phone, CancellationToken cancellationToken)
    {
        using var response = await Provider.GetAsync("/messages?to=" + Digits(phone), cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return ((int)response.StatusCode, null);
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        var count = json.RootElement.GetArrayLength();
        return count == 0 ? (-404, null) : (200, CodeIn(json.RootElement[count - 1]));
    }

    /// <summary>Every number's latest code in one request: filling a pool this way costs one list scan instead of one per number.</summary>
    public async Task<Dictionary<string, string>> AllCodesAsync(CancellationToken cancellationToken)
    {
        using var response = await Provider.GetAsync("/messages", cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        var codes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var message in json.RootElement.EnumerateArray())
        {
            // Oldest first, so a later text to the same number wins.
            codes[Digits(message.GetProperty("to").GetString() ?? "")] = CodeIn(message);
        }

        return codes;
    }

    /// <summary>The number as the fake stores it: E.164 digits without the '+'.</summary>
    public static string Digits(string phone) => phone.TrimStart('+');

    /// <summary>Every default template starts with the code (the load sends no locale: English).</summary>
    private static string CodeIn(JsonElement message) =>
        new([.. (message.GetProperty("text").GetString() ?? "").TakeWhile(char.IsAsciiDigit)]);
}
