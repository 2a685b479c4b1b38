using System.Text.Json;
using System.Text.Json.Serialization;
using SecureOtp.Api.Json;

namespace SecureOtp.Api.Totp;

/// <summary>Source-generated serialization for the <c>/totp</c> bodies; added to the API's resolver chain by <see cref="TotpExtensions"/>.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, Converters = [typeof(UtcSecondsConverter)])]
[JsonSerializable(typeof(TotpEnrollRequest))]
[JsonSerializable(typeof(TotpEnrollResponse))]
[JsonSerializable(typeof(TotpCodeRequest))]
[JsonSerializable(typeof(TotpConfirmResponse))]
[JsonSerializable(typeof(TotpVerifyResponse))]
[JsonSerializable(typeof(TotpRecoverRequest))]
[JsonSerializable(typeof(TotpRecoverResponse))]
[JsonSerializable(typeof(TotpStatusResponse))]
internal sealed partial class TotpJsonContext : JsonSerializerContext;
