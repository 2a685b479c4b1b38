using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SecureOtp.FakeProvider.Json;

internal static class JsonBody
{
    /// <summary>
    /// Reads a JSON body by hand rather than through binding, so a bad one gets a sentence saying what is wrong instead
    /// of a bare 400. The content type is not checked: <c>curl -d '{...}'</c> without -H sends JSON labelled as a form.
    /// Either the value or the error is set.
    /// </summary>
    public static async Task<(T? Value, string? Error)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync(request.Body, type, request.HttpContext.RequestAborted);
            return value is null ? (null, "The body is JSON null; send an object.") : (value, null);
        }
        catch (JsonException e)
        {
            return (null, $"Invalid JSON: {e.Message}");
        }
    }
}
