using System.Text.Json.Serialization;

namespace SecureOtp.FakeProvider.Twilio;

/// <summary>
/// How the fake Twilio misbehaves for texts to one country (<see cref="CallingCode"/>, digits, e.g. "44") or to every
/// country (null): <c>error</c> answers Twilio's error JSON with <see cref="Code"/>, <c>http</c> a bare status with an
/// optional body, <c>delay</c> waits then answers normally, <c>drop</c> closes the connection with no answer.
/// </summary>
internal sealed record TwilioFault(
    int Id, string Kind, string? CallingCode, int? Code, int? HttpStatus, string? Body, int? DelayMs, int? RemainingTimes);

/// <summary>What a country's texts become: <c>delivered</c>, or <c>undelivered</c>/<c>failed</c> with an error code; or no callback.</summary>
internal sealed record TwilioOutcome(string? CallingCode, string Status, string? ErrorCode, int? DelayMs, bool Send);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record TwilioFaultRequest(
    string? CallingCode, string? Kind, int? Code, int? HttpStatus, string? Body, string? Message, int? DelayMs, int? Times)
{
    public (TwilioFault? Fault, string? Error) ToFault()
    {
        if (CallingCode is not null && !IsCallingCode(CallingCode))
        {
            return (null, "callingCode must be 1-3 digits (e.g. \"44\"), or null for every country.");
        }

        if (Times is < 1)
        {
            return (null, "times must be at least 1, or absent for a fault that lasts until cleared.");
        }

        return Kind switch
        {
            "error" when Code is not (>= 10000 and <= 99999) => (null, "code must be Twilio's 5-digit error code for kind 'error'."),
            "error" => (Fault(Code, HttpStatus ?? (Code == 20429 ? 429 : 400), Message), null),
            "http" when HttpStatus is not (>= 200 and <= 599) || HttpStatus is 204 or 304 && Body is not null =>
                (null, "httpStatus must be 200-599 (a 204 or 304 without body) for kind 'http'."),
            "http" => (Fault(null, HttpStatus, Body), null),
            "delay" when DelayMs is not (>= 1 and <= 600_000) => (null, "delayMs must be 1-600000 for kind 'delay'."),
            "delay" or "drop" => (Fault(null, null, null), null),
            _ => (null, "kind must be error, http, delay or drop."),
        };
    }

    private TwilioFault Fault(int? code, int? httpStatus, string? body) =>
        new(0, Kind!, CallingCode, code, httpStatus, body, DelayMs, Times);

    public static bool IsCallingCode(string code) => code is { Length: >= 1 and <= 3 } && code.All(char.IsAsciiDigit);
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record TwilioOutcomeRequest(string? CallingCode, string? Status, string? ErrorCode, int? DelayMs, bool? Send)
{
    public (TwilioOutcome? Outcome, string? Error) ToOutcome()
    {
        if (CallingCode is not null && !TwilioFaultRequest.IsCallingCode(CallingCode))
        {
            return (null, "callingCode must be 1-3 digits, or null for every country.");
        }

        var status = Status ?? "delivered";
        if (status is not ("delivered" or "undelivered" or "failed"))
        {
            return (null, "status must be delivered, undelivered or failed.");
        }

        if (ErrorCode is { } code && (code.Length is 0 or > 6 || !code.All(char.IsAsciiDigit)))
        {
            return (null, "errorCode must be Twilio's numeric error code, e.g. \"30003\".");
        }

        if (DelayMs is < 0 or > 600_000)
        {
            return (null, "delayMs must be 0-600000.");
        }

        var errorCode = ErrorCode ?? (status == "delivered" ? null : "30003");
        return (new TwilioOutcome(CallingCode, status, errorCode, DelayMs, Send ?? true), null);
    }
}
