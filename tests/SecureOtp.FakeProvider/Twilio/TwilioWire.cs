using System.Text.Json.Serialization;

namespace SecureOtp.FakeProvider.Twilio;

/// <summary>The 201 answer to a created message, with the fields Twilio's message resource has that a client reads.</summary>
internal sealed record TwilioMessage(
    [property: JsonPropertyName("sid")] string Sid,
    [property: JsonPropertyName("account_sid")] string AccountSid,
    [property: JsonPropertyName("to")] string To,
    [property: JsonPropertyName("from")] string? From,
    [property: JsonPropertyName("messaging_service_sid")] string? MessagingServiceSid,
    [property: JsonPropertyName("body")] string Body,
    [property: JsonPropertyName("status")] string Status,
    // Twilio writes the counts as strings.
    [property: JsonPropertyName("num_segments")] string NumSegments,
    [property: JsonPropertyName("num_media")] string NumMedia,
    [property: JsonPropertyName("direction")] string Direction,
    [property: JsonPropertyName("api_version")] string ApiVersion,
    [property: JsonPropertyName("date_created")] string DateCreated,
    [property: JsonPropertyName("uri")] string Uri);

/// <summary>Twilio's error body: <c>{"code":21211,"message":"...","more_info":"https://www.twilio.com/docs/errors/21211","status":400}</c>.</summary>
internal sealed record TwilioError(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("more_info")] string MoreInfo,
    [property: JsonPropertyName("status")] int Status)
{
    public static TwilioError Of(int code, string message, int status) =>
        new(code, message, $"https://www.twilio.com/docs/errors/{code}", status);
}

/// <summary>A text the fake accepted, for <c>GET /twilio/messages</c>; <see cref="AuthUser"/> is the Basic user (a SID, not a secret).</summary>
internal sealed record TwilioRecordedMessage(
    string Sid, string To, string? From, string? MessagingServiceSid, string Body, int? ValidityPeriod, string? StatusCallback,
    string AuthUser, int Segments, DateTime ReceivedAt);

/// <summary>A status callback the fake posted, and what the receiver answered (0: no answer).</summary>
internal sealed record TwilioPostedCallback(string MessageSid, string To, string MessageStatus, string? ErrorCode, string Url, int HttpStatus);

/// <summary>The body of <c>GET /twilio/stats</c>.</summary>
internal sealed record TwilioStats(int Requests);
