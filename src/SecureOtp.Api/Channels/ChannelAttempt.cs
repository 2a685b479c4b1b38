using System.Globalization;
using System.Net;
using System.Text.Json;
using SecureOtp.Api.Sms;

namespace SecureOtp.Api.Channels;

/// <summary>
/// One HTTP answer of a Vonage application API (Voice, Messages), classified. Both answer alike: 201/202 with the id of
/// the call or message; 429 and 503 before taking anything; 401/403 for our credentials; 400/422 for a request or a
/// destination they refuse; anything else (a 5xx, a body we cannot read) may have gone out.
/// </summary>
internal sealed record ChannelAttempt(int HttpStatus, string? Id, TimeSpan? RetryAfter)
{
    public bool Accepted => HttpStatus is 200 or 201 or 202 && Id is not null;

    /// <summary>Throttled or briefly unavailable: nothing was taken, the same provider may take it soon.</summary>
    public bool CertainlyNotSentTransient => HttpStatus is 429 or 503;

    public static ChannelAttempt Read(HttpStatusCode status, string body, TimeSpan? retryAfter, string idField)
    {
        string? id = null;
        if ((int)status is >= 200 and < 300)
        {
            try
            {
                using var json = JsonDocument.Parse(body);
                id = json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(idField, out var v)
                    && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            }
            catch (JsonException)
            {
                // Unreadable acceptance: treated as unknown (it may have gone out).
            }
        }

        return new ChannelAttempt((int)status, id, retryAfter);
    }

    /// <summary>What a router may do next; <paramref name="provider"/> prefixes the bounded reason label.</summary>
    public ProviderSendResult ToResult(string provider)
    {
        var reason = $"{provider}_http_{HttpStatus.ToString(CultureInfo.InvariantCulture)}";
        return HttpStatus switch
        {
            _ when Accepted => new ProviderSendResult.Sent([Id!]),
            429 or 503 => new ProviderSendResult.CertainlyNotSent(reason, RetryAfter, NotSentCause.Transient),
            401 or 403 => new ProviderSendResult.CertainlyNotSent(reason, null, NotSentCause.Configuration),
            400 or 422 => new ProviderSendResult.CertainlyNotSent(reason, null, NotSentCause.RouteRefused),
            _ => new ProviderSendResult.Unknown(reason),
        };
    }
}
