using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SecureOtp.Api.Json;

/// <summary>
/// Writes instants as <c>2026-11-21T10:05:00Z</c>: UTC, whole seconds, the form the API contract shows.
/// The service rounds the instants it reports (expiry down, resend-after up) before they get here.
/// </summary>
internal sealed class UtcSecondsConverter : JsonConverter<DateTimeOffset>
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
}
