using System.Text.Json.Serialization;

namespace SecureOtp.FakeProvider.SimSwap;

/// <summary>
/// What the operator knows about a number: whether its SIM was swapped and when (UTC, null when unknown). A number
/// nobody set up is <see cref="NotSwapped"/>.
/// </summary>
internal sealed record NumberAnswer(
    string PhoneNumber,
    bool Swapped,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTime? LatestSimChange)
{
    public static NumberAnswer NotSwapped(string phoneNumber) => new(phoneNumber, false, null);

    /// <summary>
    /// The answer to "swapped in the last <paramref name="window"/>?": a swap with no known date counts for any window;
    /// one dated before the window does not.
    /// </summary>
    public bool SwappedWithin(TimeSpan window, DateTimeOffset now) =>
        Swapped && (LatestSimChange is not { } at || at >= (now - window).UtcDateTime);
}

/// <summary>The body of <c>GET /simswap/stats</c>: check requests (both APIs) and token requests.</summary>
internal sealed record SimSwapStats(int Checks, int Tokens);
