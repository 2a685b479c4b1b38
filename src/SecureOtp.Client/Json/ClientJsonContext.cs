using System.Text.Json;
using System.Text.Json.Serialization;
using SecureOtp.Client.Webhooks;

namespace SecureOtp.Client.Json;

/// <summary>Source-generated (trimming- and AOT-safe) JSON for every body the client reads or writes.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SendRequest))]
[JsonSerializable(typeof(SendResponse))]
[JsonSerializable(typeof(VerifyRequest))]
[JsonSerializable(typeof(VerifyByUserRequest))]
[JsonSerializable(typeof(VerifyApproved))]
[JsonSerializable(typeof(VerificationStatus))]
[JsonSerializable(typeof(ResendBody))]
[JsonSerializable(typeof(TotpEnrollRequest))]
[JsonSerializable(typeof(TotpEnrollment))]
[JsonSerializable(typeof(TotpCodeBody))]
[JsonSerializable(typeof(TotpRecoverBody))]
[JsonSerializable(typeof(TotpConfirmation))]
[JsonSerializable(typeof(TotpApproval))]
[JsonSerializable(typeof(TotpStatus))]
[JsonSerializable(typeof(ProblemBody))]
[JsonSerializable(typeof(WebhookEventBody))]
[JsonSerializable(typeof(SecureOtpEventData))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;
