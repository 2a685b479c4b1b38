using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace SecureOtp.Api.Otp.Delivery;

/// <summary>
/// A receipt's parameters, wherever Vonage put them: the query string (GET), a form or a flat JSON object (POST). Every
/// one of them is signed, so all are kept, as strings; a name given twice makes the signature ambiguous and is refused.
/// The body is read up to <see cref="MaxBodyBytes"/> (a receipt is a few hundred bytes).
/// </summary>
internal static class ReceiptParameters
{
    public const int MaxBodyBytes = 8 * 1024;

    public static async Task<(Dictionary<string, string>? Parameters, ReceiptOutcomeKind? Refusal, string? Why)> ReadAsync(
        HttpRequest request, CancellationToken cancellationToken)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in request.Query)
        {
            if (values.Count != 1 || !parameters.TryAdd(name, values[0] ?? ""))
            {
                return (null, ReceiptOutcomeKind.Malformed, $"The parameter '{name}' is given more than once.");
            }
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, ReceiptOutcomeKind.TooLarge, null);
        }

        var body = await ReadBoundedAsync(request.Body, cancellationToken);
        if (body is null)
        {
            return (null, ReceiptOutcomeKind.TooLarge, null);
        }

        if (body.Length == 0)
        {
            return (parameters, null, null);
        }

        var why = request.HasJsonContentType() ? AddJson(body, parameters)
            : request.HasFormContentType ? AddForm(body, parameters)
            : "The body must be a form (application/x-www-form-urlencoded) or a JSON object (application/json).";
        return why is null ? (parameters, null, null) : (null, ReceiptOutcomeKind.Malformed, why);
    }

    /// <summary>
    /// The form fields of the body alone (Twilio signs the URL it called plus the posted form; the query string is part
    /// of that URL, not of the parameters). Same bounds and the same refusal of a repeated name as <see cref="ReadAsync"/>.
    /// </summary>
    public static async Task<(Dictionary<string, string>? Form, ReceiptOutcomeKind? Refusal, string? Why)> ReadFormAsync(
        HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return (null, ReceiptOutcomeKind.Malformed, "The body must be a form (application/x-www-form-urlencoded).");
        }

        var body = request.ContentLength > MaxBodyBytes ? null : await ReadBoundedAsync(request.Body, cancellationToken);
        if (body is null)
        {
            return (null, ReceiptOutcomeKind.TooLarge, null);
        }

        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        var why = AddForm(body, form);
        return why is null ? (form, null, null) : (null, ReceiptOutcomeKind.Malformed, why);
    }

    /// <summary>The whole body, or null when it is longer than <see cref="MaxBodyBytes"/>.</summary>
    public static async Task<byte[]?> ReadBoundedAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxBodyBytes + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await body.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
        {
            read += n;
        }

        return read > MaxBodyBytes ? null : buffer[..read];
    }

    private static string? AddForm(byte[] body, Dictionary<string, string> parameters)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return "The form is not UTF-8.";
        }

        foreach (var (name, values) in QueryHelpers.ParseQuery(text))
        {
            if (values.Count != 1 || !parameters.TryAdd(name, values[0] ?? ""))
            {
                return $"The parameter '{name}' is given more than once.";
            }
        }

        return null;
    }

    /// <summary>A flat object: strings as they are, numbers and booleans as written (Vonage signs what it sent).</summary>
    private static string? AddJson(byte[] body, Dictionary<string, string> parameters)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return "The JSON body must be an object.";
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                    JsonValueKind.Null => "",
                    _ => null,
                };
                if (value is null)
                {
                    return $"The JSON field '{property.Name}' must be a string, a number or a boolean.";
                }

                if (!parameters.TryAdd(property.Name, value))
                {
                    return $"The parameter '{property.Name}' is given more than once.";
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return "The body is not valid JSON.";
        }
    }
}
