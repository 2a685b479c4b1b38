using System.Text.Json.Serialization;
using SecureOtp.FakeProvider.Faults;

namespace SecureOtp.FakeProvider.SimSwap;

/// <summary>
/// The body of <c>POST /simswap/faults</c>: the names of <c>POST /faults</c>, with <c>phoneNumber</c> for <c>to</c> and
/// a <c>target</c>. Unknown properties are refused, so a typo such as <c>delay_ms</c> fails loudly.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record SimSwapFaultRequest(
    string? PhoneNumber, string? Target, string? Kind, int? HttpStatus, string? Body, int? DelayMs, int? Times)
{
    private const string Kinds = "http, delay or drop";

    /// <summary>The fault this request describes, or the reason it is invalid (a short sentence for the 400).</summary>
    public (SimSwapFault? Fault, string? Error) ToFault()
    {
        var target = Target ?? SimSwapFault.CheckTarget;
        if (target is not (SimSwapFault.CheckTarget or SimSwapFault.TokenTarget))
        {
            return Invalid("target must be \"check\" (both SIM-swap APIs, the default) or \"token\" (the OAuth2 token endpoint).");
        }

        var number = PhoneNumbers.Key(PhoneNumber);
        if (PhoneNumber is not null && target == SimSwapFault.TokenTarget)
        {
            return Invalid("A token request carries no phone number: leave phoneNumber out for target \"token\".");
        }

        if (PhoneNumber is not null && (number is null || !PhoneNumbers.IsVonage(number)))
        {
            return Invalid("phoneNumber must be 7-15 digits (a leading '+' is allowed), or null for every number.");
        }

        if (Times is < 1)
        {
            return Invalid("times must be at least 1, or absent for a fault that lasts until cleared.");
        }

        return Kind switch
        {
            HttpFault.KindName => ToHttpFault(target, number),
            DelayFault.KindName => DelayMs is >= 1 and <= FaultRequest.MaxDelayMs
                ? (new SimSwapDelayFault(target, number, Times, DelayMs.Value), null)
                : Invalid($"delayMs must be 1-{FaultRequest.MaxDelayMs} for kind 'delay'."),
            DropFault.KindName => (new SimSwapDropFault(target, number, Times), null),
            StatusFault.KindName => Invalid($"Kind 'status' is the SMS API's (POST /faults); here use {Kinds}."),
            null => Invalid($"kind is required: {Kinds}."),
            _ => Invalid($"Unknown kind '{Kind}': use {Kinds}."),
        };
    }

    private (SimSwapFault?, string?) ToHttpFault(string target, string? number)
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

        return (new SimSwapHttpFault(target, number, Times, HttpStatus.Value, Body), null);
    }

    private static (SimSwapFault?, string?) Invalid(string error) => (null, error);
}
