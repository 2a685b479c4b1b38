using System.Text.Json;
using System.Text.Json.Serialization;
using SecureOtp.Api.Json;
using SecureOtp.Api.Sms;

namespace SecureOtp.Api.Otp;

/// <summary>Source-generated serialization for every body the API reads or writes.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, Converters = [typeof(UtcSecondsConverter)])]
[JsonSerializable(typeof(SendOtpRequest))]
[JsonSerializable(typeof(SendOtpResponse))]
[JsonSerializable(typeof(ResendOtpRequest))]
[JsonSerializable(typeof(ResendOtpResponse))]
[JsonSerializable(typeof(VerifyOtpRequest))]
[JsonSerializable(typeof(VerifyOtpResponse))]
[JsonSerializable(typeof(VerificationStatusResponse))]
[JsonSerializable(typeof(DeliveryStatusResponse))]
[JsonSerializable(typeof(OutboxMessage[]))]
[JsonSerializable(typeof(Sms.Routing.RoutesResponse))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(string))]
internal sealed partial class SecureOtpJsonContext : JsonSerializerContext;
