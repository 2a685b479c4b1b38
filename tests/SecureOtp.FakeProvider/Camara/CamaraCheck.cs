using System.Text.Json.Serialization;

namespace SecureOtp.FakeProvider.Camara;

/// <summary>The body of <c>POST /sim-swap/v2/check</c>. Unknown properties are ignored, as the CAMARA schema allows.</summary>
internal sealed record CamaraCheckRequest(
    string? PhoneNumber,
    // Strict: the schema says integer, so "240" as a string is the client's bug to find here, not at the operator.
    [property: JsonNumberHandling(JsonNumberHandling.Strict)] int? MaxAge)
{
    public const int DefaultMaxAge = 240;
    public const int MinMaxAge = 1;
    public const int MaxMaxAge = 2400;
}

/// <summary>The 200 of <c>POST /sim-swap/v2/check</c>.</summary>
internal sealed record CamaraCheckResponse(bool Swapped);

/// <summary>CAMARA's <c>ErrorInfo</c>: every non-200 the API itself gives.</summary>
internal sealed record CamaraError(int Status, string Code, string Message)
{
    public static CamaraError Unauthenticated() => new(
        StatusCodes.Status401Unauthorized, "UNAUTHENTICATED",
        "Request not authenticated due to missing, invalid, or expired credentials.");

    public static CamaraError InvalidArgument(string message) =>
        new(StatusCodes.Status400BadRequest, "INVALID_ARGUMENT", message);

    public static CamaraError OutOfRange(string message) =>
        new(StatusCodes.Status400BadRequest, "OUT_OF_RANGE", message);

    /// <summary>A two-legged token names no device, so the request must: CAMARA's answer when it does not.</summary>
    public static CamaraError MissingIdentifier() => new(
        StatusCodes.Status422UnprocessableEntity, "MISSING_IDENTIFIER",
        "The device cannot be identified: phoneNumber is required with a client-credentials token.");
}
