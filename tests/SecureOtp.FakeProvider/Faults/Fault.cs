using System.Text.Json.Serialization;

namespace SecureOtp.FakeProvider.Faults;

/// <summary>
/// A rule that makes the fake misbehave for matching <c>POST /sms/json</c> requests. <see cref="To"/> null means every
/// destination; <see cref="RemainingTimes"/> null means until cleared. Serialized for <c>GET /faults</c> with its kind.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(StatusFault), StatusFault.KindName)]
[JsonDerivedType(typeof(HttpFault), HttpFault.KindName)]
[JsonDerivedType(typeof(DelayFault), DelayFault.KindName)]
[JsonDerivedType(typeof(DropFault), DropFault.KindName)]
internal abstract record Fault(
    [property: JsonIgnore] string Kind,
    [property: JsonPropertyOrder(-2)] string? To,
    [property: JsonPropertyOrder(-1)] int? RemainingTimes)
{
    /// <summary>Assigned when added, in order, so logs and <c>GET /faults</c> can name a fault.</summary>
    [JsonPropertyOrder(-3)]
    public int Id { get; init; }
}

/// <summary>HTTP 200 with one error entry: how Vonage refuses (throttling, barred numbers, quota...).</summary>
internal sealed record StatusFault(
    string? To,
    int? RemainingTimes,
    // Written as Vonage writes it, and as POST /faults takes it: "1".
    [property: JsonNumberHandling(JsonNumberHandling.WriteAsString)] int Status,
    string ErrorText) : Fault(KindName, To, RemainingTimes)
{
    public const string KindName = "status";
}

/// <summary>A non-Vonage answer, such as a gateway's 503, with <see cref="Body"/> sent verbatim (nothing when null).</summary>
internal sealed record HttpFault(string? To, int? RemainingTimes, int HttpStatus, string? Body) : Fault(KindName, To, RemainingTimes)
{
    public const string KindName = "http";

    /// <summary>A body that looks like JSON is labelled so, anything else as text (an HTML error page reads fine as text).</summary>
    public static string ContentTypeOf(string body) =>
        body.TrimStart() is ['{' or '[', ..] ? "application/json" : "text/plain; charset=utf-8";
}

/// <summary>Waits <see cref="DelayMs"/> before answering normally: for client timeouts.</summary>
internal sealed record DelayFault(string? To, int? RemainingTimes, int DelayMs) : Fault(KindName, To, RemainingTimes)
{
    public const string KindName = "delay";
}

/// <summary>Closes the connection with no response at all.</summary>
internal sealed record DropFault(string? To, int? RemainingTimes) : Fault(KindName, To, RemainingTimes)
{
    public const string KindName = "drop";
}
