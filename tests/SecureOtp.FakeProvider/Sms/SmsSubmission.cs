using System.Security.Cryptography;
using System.Text;

namespace SecureOtp.FakeProvider.Sms;

/// <summary>The form fields of one <c>POST /sms/json</c>, as sent (blank fields read as absent).</summary>
/// <param name="Callback">The <c>callback</c> URL, when the text asks for a delivery receipt (<c>status-report-req=1</c>).</param>
internal sealed record SmsSubmission(
    string? ApiKey, string? ApiSecret, string? From, string? To, string? Text, string? Type, string? ClientRef, Uri? Callback = null)
{
    public const string TextType = "text";
    public const string UnicodeType = "unicode";
    private const int MaxClientRefLength = 40;

    private static readonly SmsSubmission Empty = new(null, null, null, null, null, null, null);

    public bool IsUnicode => Type == UnicodeType;

    public static async Task<SmsSubmission> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        // A JSON, empty or malformed body carries none of the fields, so it earns "Missing params" like at Vonage.
        if (!request.HasFormContentType)
        {
            return Empty;
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException)
        {
            return Empty;
        }

        return new SmsSubmission(
            Field(form, "api_key"), Field(form, "api_secret"), Field(form, "from"), Field(form, "to"),
            Field(form, "text"), Field(form, "type"), Field(form, "client-ref"),
            Field(form, "status-report-req") == "1" && Uri.TryCreate(Field(form, "callback"), UriKind.Absolute, out var callback) ? callback : null);
    }

    /// <summary>The first rule the request breaks, checked in Vonage's order, or null when it is accepted.</summary>
    public VonageError? FindError(FakeVonageOptions credentials)
    {
        if (ApiKey is null || ApiSecret is null || From is null || To is null || Text is null)
        {
            return VonageError.Of(VonageStatus.MissingParams);
        }

        // Both compared, and in constant time: the habit people copy from a fake should be the right one.
        if (!FixedTimeEquals(ApiKey, credentials.ApiKey) | !FixedTimeEquals(ApiSecret, credentials.ApiSecret))
        {
            return VonageError.Of(VonageStatus.InvalidCredentials);
        }

        var validType = Type is null or TextType or UnicodeType;
        if (!Destination.IsValid(To) || ClientRef is { Length: > MaxClientRefLength } || !validType)
        {
            return VonageError.Of(VonageStatus.InvalidParams);
        }

        return null;
    }

    private static string? Field(IFormCollection form, string name) =>
        form.TryGetValue(name, out var values) && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    private static bool FixedTimeEquals(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}
