using System.Globalization;

namespace SecureOtp.FakeProvider.Sms;

/// <summary>Vonage SMS API status codes (the <c>status</c> of each message entry) and the error texts Vonage sends with them.</summary>
internal static class VonageStatus
{
    public const int Accepted = 0;
    public const int MissingParams = 2;
    public const int InvalidParams = 3;
    public const int InvalidCredentials = 4;

    private static readonly Dictionary<int, string> DefaultErrorTexts = new()
    {
        // The number is the wait in milliseconds; callers are expected to parse it (vonage-php-sdk-core #285).
        [1] = "Throughput Rate Exceeded - please wait [ 1000 ] and retry",
        [2] = "Missing params",
        [3] = "Invalid Params",
        [4] = "Bad Credentials",
        [5] = "Internal Error",
        [6] = "Invalid Message",
        [7] = "Number barred",
        [8] = "Partner account barred",
        [9] = "Partner quota exceeded",
        [10] = "Too many existing binds",
        [11] = "Account not enabled for HTTP",
        [12] = "Message too long",
        [14] = "Invalid Signature",
        [15] = "Invalid Sender Address",
        [22] = "Invalid Network Code",
        [23] = "Invalid Callback Url",
        [29] = "Non White-listed Destination",
        [32] = "Signature And API Secret Disallowed",
        [33] = "Number de-activated",
    };

    public static string? DefaultErrorText(int status) => DefaultErrorTexts.GetValueOrDefault(status);

    /// <summary>Vonage sends every number in the body as a JSON string.</summary>
    public static string Format(int status) => status.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Why Vonage refused a message: the <c>status</c> and <c>error-text</c> of an error entry.</summary>
internal readonly record struct VonageError(int Status, string ErrorText)
{
    public static VonageError Of(int status) => new(status, VonageStatus.DefaultErrorText(status) ?? "Error");
}
