using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Twilio.Security;

namespace SecureOtp.Api.Sms.Twilio;

/// <summary>
/// Checks <c>X-Twilio-Signature</c> on a status callback with the SDK's <see cref="RequestValidator"/>: an HMAC-SHA1,
/// keyed by the auth token, over the URL Twilio called — the one we gave it: <c>Sms:Twilio:StatusCallbackUrl</c> exactly
/// as configured, with the message's <c>ref</c> query when the callback carried one, escaped as the send escaped it — and
/// every form parameter. Without a token or a URL nothing is valid.
/// </summary>
internal sealed class TwilioCallbackSignature(IOptions<TwilioOptions> options)
{
    public const string HeaderName = "X-Twilio-Signature";

    /// <param name="reference">The callback's <c>ref</c> query value as received (null: none).</param>
    public bool IsValid(IEnumerable<KeyValuePair<string, StringValues>> form, string? signature, string? reference = null)
    {
        var o = options.Value;
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(o.AuthToken) || o.StatusCallbackUrl is not { } url)
        {
            return false;
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in form)
        {
            // Twilio never repeats a parameter; a repeated one could be read two ways, so it is refused outright.
            if (values.Count != 1 || !parameters.TryAdd(name, values[0] ?? ""))
            {
                return false;
            }
        }

        var called = reference is null ? url : Sms.ReceiptUrl.WithReference(url, reference);
        return new RequestValidator(o.AuthToken).Validate(called.OriginalString, parameters, signature);
    }
}
