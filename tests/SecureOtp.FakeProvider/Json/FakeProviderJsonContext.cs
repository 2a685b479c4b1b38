using System.Text.Json;
using System.Text.Json.Serialization;
using SecureOtp.FakeProvider.Faults;
using SecureOtp.FakeProvider.Messages;
using SecureOtp.FakeProvider.Sms;

namespace SecureOtp.FakeProvider.Json;

/// <summary>Source-generated serialization for every body the fake reads or writes.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(VonageResponse))]
[JsonSerializable(typeof(RecordedMessage[]))]
[JsonSerializable(typeof(RequestStats))]
[JsonSerializable(typeof(FaultRequest))]
[JsonSerializable(typeof(Fault))]
[JsonSerializable(typeof(Fault[]))]
[JsonSerializable(typeof(ErrorResponse))]
internal sealed partial class FakeProviderJsonContext : JsonSerializerContext;
