using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SecureOtp.FakeProvider.Sms;
using SecureOtp.FakeProvider.Telemetry;

namespace SecureOtp.FakeProvider.Twilio;

/// <summary>What the fake Twilio does with a <c>Messages.json</c> request once no fault stands in the way.</summary>
internal sealed class FakeTwilio(
    FakeTwilioState state, TwilioCallbackSender callbacks, IOptions<FakeTwilioOptions> options, TimeProvider time, ILogger<FakeTwilio> logger)
{
    /// <summary>Twilio's limit on one message's body.</summary>
    public const int MaxBodyLength = 1600;

    /// <summary>The Basic user when the credentials are the account's or the API key's; null otherwise.</summary>
    public string? Authenticate(string? authorization)
    {
        if (!AuthenticationHeaderValue.TryParse(authorization, out var header) || header.Scheme != "Basic" || header.Parameter is null)
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return null;
        }

        var (user, secret) = (decoded[..colon], decoded[(colon + 1)..]);
        var o = options.Value;
        return (Same(user, o.AccountSid) && Same(secret, o.AuthToken)) || (Same(user, o.ApiKeySid) && Same(secret, o.ApiKeySecret))
            ? user
            : null;
    }

    /// <summary>Validates the form as Twilio does, records the text and schedules its callbacks; or the error Twilio would give.</summary>
    public (TwilioMessage? Message, TwilioError? Error) Create(string authUser, IFormCollection form)
    {
        if (FindError(form) is { } error)
        {
            Log.TwilioRefused(logger, error.Code, error.Status, Destination.Mask(FakeTwilioState.Digits(form["To"])));
            return (null, error);
        }

        var to = form["To"].ToString();
        var body = form["Body"].ToString();
        var from = Optional(form, "From");
        var service = Optional(form, "MessagingServiceSid");
        var segments = SmsParts.Count(body, unicode: body.Any(c => c > '~'));
        var sid = "SM" + RandomNumberGenerator.GetHexString(32, lowercase: true);
        var now = time.GetUtcNow();
        var validity = Optional(form, "ValidityPeriod") is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : (int?)null;
        var recorded = new TwilioRecordedMessage(
            sid, to, from, service, body, validity, Optional(form, "StatusCallback"), authUser, segments, now.UtcDateTime);
        state.Record(recorded);
        Log.TwilioAccepted(logger, Destination.Mask(FakeTwilioState.Digits(to)), segments, sid);
        callbacks.Schedule(recorded);

        var account = options.Value.AccountSid;
        return (new TwilioMessage(
            sid, account, to, from, service, body,
            Status: service is null ? "queued" : "accepted",
            NumSegments: segments.ToString(CultureInfo.InvariantCulture),
            NumMedia: "0",
            Direction: "outbound-api",
            ApiVersion: "2010-04-01",
            DateCreated: now.ToString("r", CultureInfo.InvariantCulture),
            Uri: $"/2010-04-01/Accounts/{account}/Messages/{sid}.json"), null);
    }

    /// <summary>Twilio's checks, in this order; the ValidityPeriod code (21999) is this fake's own.</summary>
    private static TwilioError? FindError(IFormCollection form)
    {
        var to = Optional(form, "To");
        if (to is null)
        {
            return TwilioError.Of(21604, "A 'To' phone number is required.", 400);
        }

        if (!(to.StartsWith('+') && Destination.IsValid(to[1..])))
        {
            return TwilioError.Of(21211, $"Invalid 'To' Phone Number: {Destination.Mask(to)}", 400);
        }

        if (Optional(form, "From") is null && Optional(form, "MessagingServiceSid") is null)
        {
            return TwilioError.Of(21603, "A 'From' phone number is required.", 400);
        }

        var body = Optional(form, "Body");
        if (body is null)
        {
            return TwilioError.Of(21602, "Message body is required.", 400);
        }

        if (body.Length > MaxBodyLength)
        {
            return TwilioError.Of(21617, "The concatenated message body exceeds the 1600 character limit.", 400);
        }

        if (Optional(form, "ValidityPeriod") is { } validity
            && !(int.TryParse(validity, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= 36_000))
        {
            return TwilioError.Of(21999, "ValidityPeriod must be 1-36000 seconds.", 400);
        }

        return Optional(form, "StatusCallback") is { } callback
            && !(Uri.TryCreate(callback, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
            ? TwilioError.Of(21609, "Invalid StatusCallback url.", 400)
            : null;
    }

    private static string? Optional(IFormCollection form, string name) =>
        form.TryGetValue(name, out var values) && values.Count == 1 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    private static bool Same(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}
