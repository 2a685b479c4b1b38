using System.Text.Json.Serialization;
using SecureOtp.FakeProvider.Faults;

namespace SecureOtp.FakeProvider.SimSwap;

/// <summary>
/// A rule that makes the fake misbehave for matching SIM-swap requests: with <see cref="Target"/> <c>check</c>, both
/// check APIs (CAMARA and Identity Insights); with <c>token</c>, the OAuth2 token endpoint. <see cref="PhoneNumber"/>
/// (digits, no '+') null means every number; <see cref="RemainingTimes"/> null means until cleared. Serialized for
/// <c>GET /simswap/faults</c> with its kind, which takes the names of <c>POST /faults</c>.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(SimSwapHttpFault), HttpFault.KindName)]
[JsonDerivedType(typeof(SimSwapDelayFault), DelayFault.KindName)]
[JsonDerivedType(typeof(SimSwapDropFault), DropFault.KindName)]
internal abstract record SimSwapFault(
    [property: JsonIgnore] string Kind,
    [property: JsonPropertyOrder(-3)] string Target,
    [property: JsonPropertyOrder(-2)] string? PhoneNumber,
    [property: JsonPropertyOrder(-1)] int? RemainingTimes)
{
    public const string CheckTarget = "check";
    public const string TokenTarget = "token";

    /// <summary>Assigned when added, from the same sequence as SMS faults, so a log line names one fault.</summary>
    [JsonPropertyOrder(-4)]
    public int Id { get; init; }
}

/// <summary>Another HTTP answer, such as a gateway's 503, with <see cref="Body"/> sent verbatim (nothing when null).</summary>
internal sealed record SimSwapHttpFault(string Target, string? PhoneNumber, int? RemainingTimes, int HttpStatus, string? Body)
    : SimSwapFault(HttpFault.KindName, Target, PhoneNumber, RemainingTimes);

/// <summary>Waits <see cref="DelayMs"/> before answering normally: for client timeouts.</summary>
internal sealed record SimSwapDelayFault(string Target, string? PhoneNumber, int? RemainingTimes, int DelayMs)
    : SimSwapFault(DelayFault.KindName, Target, PhoneNumber, RemainingTimes);

/// <summary>Closes the connection with no response at all.</summary>
internal sealed record SimSwapDropFault(string Target, string? PhoneNumber, int? RemainingTimes)
    : SimSwapFault(DropFault.KindName, Target, PhoneNumber, RemainingTimes);
