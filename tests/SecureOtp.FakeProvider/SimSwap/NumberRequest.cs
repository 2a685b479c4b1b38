using System.Globalization;
using System.Text.Json.Serialization;

namespace SecureOtp.FakeProvider.SimSwap;

/// <summary>The body of <c>POST /simswap/numbers</c>. Unknown properties are refused, so a typo fails loudly.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record NumberRequest(string? PhoneNumber, bool? Swapped, string? LatestSimChange)
{
    /// <summary>The answer this request sets, or the reason it is invalid (a short sentence for the 400).</summary>
    public (NumberAnswer? Answer, string? Error) ToAnswer()
    {
        var key = PhoneNumbers.Key(PhoneNumber);
        if (key is null || !PhoneNumbers.IsVonage(key))
        {
            return (null, "phoneNumber must be 7-15 digits, with or without a leading '+'.");
        }

        if (Swapped is not { } swapped)
        {
            return (null, "swapped (true or false) is required.");
        }

        if (LatestSimChange is null)
        {
            return (new NumberAnswer(key, swapped, null), null);
        }

        // A time without an offset is taken as UTC, like every time this fake writes.
        return DateTimeOffset.TryParse(
            LatestSimChange, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? (new NumberAnswer(key, swapped, at.UtcDateTime), null)
            : (null, "latestSimChange must be an ISO 8601 time such as \"2026-11-20T10:00:00Z\", or null.");
    }
}
