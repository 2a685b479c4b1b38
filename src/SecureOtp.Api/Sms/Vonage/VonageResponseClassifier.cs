using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SecureOtp.Api.Sms.Vonage;

/// <summary>
/// Reads a Vonage SMS API answer (reference.md: HTTP 200 with one entry per billed part, <c>status</c> "0" meaning accepted).
/// A message counts as accepted only when every part is "0"; otherwise the first failing part decides.
/// </summary>
internal static partial class VonageResponseClassifier
{
    public static VonageAttempt Classify(HttpStatusCode httpStatus, string body)
    {
        var http = (int)httpStatus;
        if (httpStatus is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
        {
            return new VonageAttempt(VonageOutcome.NotSentTransient, null, http);
        }

        if (http >= 500)
        {
            return new VonageAttempt(VonageOutcome.Ambiguous, null, http);
        }

        if (http is 401 or 403)
        {
            return new VonageAttempt(VonageOutcome.ConfigurationFault, null, http);
        }

        if (http != 200)
        {
            return new VonageAttempt(VonageOutcome.ConfigurationFault, null, http);
        }

        VonageSubmitResponse? response;
        try
        {
            response = JsonSerializer.Deserialize(body, VonageJsonContext.Default.VonageSubmitResponse);
        }
        catch (JsonException)
        {
            response = null;
        }

        // A 200 we cannot read may well have been accepted: treat it as ambiguous, never as "safe to resend".
        if (response?.Messages is not { Count: > 0 } parts || parts.Any(p => p.Status is null))
        {
            return new VonageAttempt(VonageOutcome.Ambiguous, null, http);
        }

        var failed = parts.FirstOrDefault(p => p.Status != "0");
        return failed is null
            ? new VonageAttempt(VonageOutcome.Accepted, "0", http, MessageIds: [.. parts.Select(p => p.MessageId).OfType<string>()])
            : ClassifyStatus(failed.Status!, failed.ErrorText, http);
    }

    public static VonageAttempt ClassifyStatus(string status, string? errorText, int http) => status switch
    {
        "1" => new VonageAttempt(VonageOutcome.Throttled, status, http, AdvertisedWait(errorText)),
        "5" or "10" => new VonageAttempt(VonageOutcome.NotSentTransient, status, http),
        "7" or "22" or "33" => new VonageAttempt(VonageOutcome.DestinationRejected, status, http),
        "6" or "29" => new VonageAttempt(VonageOutcome.RouteRefused, status, http),
        "3" when MentionsDestination(errorText) => new VonageAttempt(VonageOutcome.DestinationRejected, status, http),
        _ => new VonageAttempt(VonageOutcome.ConfigurationFault, status, http),
    };

    /// <summary>"Throughput Rate Exceeded - please wait [ 978 ] and retry": the number is milliseconds, not seconds.</summary>
    public static TimeSpan? AdvertisedWait(string? errorText)
    {
        var match = errorText is null ? Match.Empty : WaitPattern().Match(errorText);
        return match.Success && int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? TimeSpan.FromMilliseconds(Math.Min(ms, 60_000))
            : null;
    }

    /// <summary>Status 3 (invalid params) names the field at fault; when it is the number, the destination is the problem.</summary>
    private static bool MentionsDestination(string? errorText) =>
        errorText is not null && (errorText.Contains("number", StringComparison.OrdinalIgnoreCase)
            || errorText.Contains("'to'", StringComparison.OrdinalIgnoreCase) || errorText.Contains(" to ", StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex(@"wait\s*\[\s*(\d{1,6})\s*\]", RegexOptions.IgnoreCase)]
    private static partial Regex WaitPattern();
}
