using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SecureOtp.Api.Otp;
using SecureOtp.Api.Otp.Delivery;
using SecureOtp.Api.Security;
using SecureOtp.Api.Sms.Routing;

namespace SecureOtp.IntegrationTests.Infrastructure;

/// <summary>
/// Twilio status callbacks as Twilio signs them (HMAC-SHA1 keyed by the auth token over the URL it called, then every
/// form field sorted by name, name and value concatenated, base64), and a Twilio text registered for a verification.
/// </summary>
public static class TwilioCallbackPoster
{
    public const string Path = "/webhooks/twilio/message-status";

    public static string NewSid() => "SM" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static Dictionary<string, string> Callback(string sid, string status, string? errorCode = null)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["MessageSid"] = sid,
            ["SmsSid"] = sid,
            ["AccountSid"] = FakeVonageServer.TwilioAccountSid,
            ["MessageStatus"] = status,
            ["To"] = "+447700900123",
            ["ApiVersion"] = "2010-04-01",
        };
        if (errorCode is not null)
        {
            form["ErrorCode"] = errorCode;
        }

        return form;
    }

    public static string Sign(string url, IReadOnlyDictionary<string, string> form, string authToken = FakeVonageServer.TwilioAuthToken)
    {
        var data = new StringBuilder(url);
        foreach (var (name, value) in form.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            data.Append(name).Append(value);
        }

#pragma warning disable CA5350 // Twilio's signature scheme is HMAC-SHA1; this reproduces it.
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
#pragma warning restore CA5350
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, IReadOnlyDictionary<string, string> form, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new FormUrlEncodedContent(form) };
        if (signature is not null)
        {
            request.Headers.Add("X-Twilio-Signature", signature);
        }

        return await http.SendAsync(request);
    }

    /// <summary>
    /// Registers a text Twilio accepted for a verification, as the send path will once it routes through Twilio: the
    /// delivery tracker, told the provider. With <paramref name="reference"/> (the one the text went out with) its callbacks
    /// name it; without, the sid is linked as texts sent before references were.
    /// </summary>
    internal static Task TrackAsync(SecureOtpApp app, string verificationId, string sid, string country = "44", DeliveryReference? reference = null)
    {
        Assert.That(VerificationId.TryParse(verificationId, out var id), Is.True);
        var services = app.Services;
        var key = services.GetRequiredService<PseudonymKey>();
        var now = app.Clock.GetUtcNow();
        return services.GetRequiredService<IDeliveryStore>().TrackAsync(new DeliveryTracking(id,
            [DeliveryRefs.Message(key, ProviderNames.Twilio, sid)], country, "login", ProviderNames.Twilio, now, [], TimeSpan.FromMinutes(10))
        {
            Token = reference?.Token ?? "",
            ReceiptsCarryReference = reference is not null,
        }, CancellationToken.None);
    }
}
