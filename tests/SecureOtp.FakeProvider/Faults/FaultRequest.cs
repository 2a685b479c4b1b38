using System.Text.Json.Serialization;
using SecureOtp.FakeProvider.Sms;

namespace SecureOtp.FakeProvider.Faults;

/// <summary>
/// The body of <c>POST /faults</c>, flat so a test can write it inline. Unknown properties are refused, so a typo such
/// as <c>delay_ms</c> fails loudly instead of adding a fault that silently does something else.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record FaultRequest(
    string? To,
    string? Kind,
    // Vonage statuses are strings on the wire ("1"); a bare number is accepted too.
    [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] int? Status,
    string? ErrorText,
    int? HttpStatus,
    string? Body,
    int? DelayMs,
    int? Times)
{
    /// <summary>Ten minutes: longer than any client timeout worth testing, short enough not to hang a run.</summary>
    public const int MaxDelayMs = 600_000;

    private const string Kinds = "status, http, delay or drop";

    /// <summary>The fault this request describes, or the reason it is invalid (a short sentence for the 400).</summary>
    public (Fault? Fault, string? Error) ToFault()
    {
        var to = Destination.Normalize(To);
        if (To is not null && !Destination.IsValid(to))
        {
            return Invalid("to must be 7-15 digits (a leading '+' is allowed), or null for every destination.");
        }

        if (Times is < 1)
        {
            return Invalid("times must be at least 1, or absent for a fault that lasts until cleared.");
        }

        return Kind switch
        {
            StatusFault.KindName => ToStatusFault(to),
            HttpFault.KindName => ToHttpFault(to),
            DelayFault.KindName => DelayMs is >= 1 and <= MaxDelayMs
                ? (new DelayFault(to, Times, DelayMs.Value), null)
                : Invalid($"delayMs must be 1-{MaxDelayMs} for kind 'delay'."),
            DropFault.KindName => (new DropFault(to, Times), null),
            null => Invalid($"kind is required: {Kinds}."),
            _ => Invalid($"Unknown kind '{Kind}': use {Kinds}."),
        };
    }

    private (Fault?, string?) ToStatusFault(string? to)
    {
        // Status 0 means "accepted", which is not a fault; Vonage's codes stop well below 100.
        if (Status is not (>= 1 and <= 99))
        {
            return Invalid("status must be a Vonage error status 1-99 for kind 'status', e.g. \"1\".");
        }

        var errorText = ErrorText ?? VonageStatus.DefaultErrorText(Status.Value);
        return errorText is null
            ? Invalid($"errorText is required for status {Status}, which has no default text.")
            : (new StatusFault(to, Times, Status.Value, errorText), null);
    }

    private (Fault?, string?) ToHttpFault(string? to)
    {
        // 1xx are not final answers; a 204 or 304 cannot carry the body Kestrel would be asked to write.
        if (HttpStatus is not (>= 200 and <= 599))
        {
            return Invalid("httpStatus must be 200-599 for kind 'http'.");
        }

        if (HttpStatus is 204 or 304 && !string.IsNullOrEmpty(Body))
        {
            return Invalid($"HTTP {HttpStatus} cannot carry a body.");
        }

        return (new HttpFault(to, Times, HttpStatus.Value, Body), null);
    }

    private static (Fault?, string?) Invalid(string error) => (null, error);
}
