using System.Text.Json;
using System.Text.Json.Serialization;
using SecureOtp.FakeProvider.Camara;
using SecureOtp.FakeProvider.Faults;
using SecureOtp.FakeProvider.IdentityInsights;
using SecureOtp.FakeProvider.Messages;
using SecureOtp.FakeProvider.OAuth;
using SecureOtp.FakeProvider.Receipts;
using SecureOtp.FakeProvider.SimSwap;
using SecureOtp.FakeProvider.Sms;
using SecureOtp.FakeProvider.Twilio;

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
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(OAuthError))]
[JsonSerializable(typeof(CamaraCheckRequest))]
[JsonSerializable(typeof(CamaraCheckResponse))]
[JsonSerializable(typeof(CamaraError))]
[JsonSerializable(typeof(JwtHeader))]
[JsonSerializable(typeof(VonageJwtClaims))]
[JsonSerializable(typeof(InsightsRequest))]
[JsonSerializable(typeof(InsightsResponse))]
[JsonSerializable(typeof(InsightsProblem))]
[JsonSerializable(typeof(NumberRequest))]
[JsonSerializable(typeof(NumberAnswer))]
[JsonSerializable(typeof(NumberAnswer[]))]
[JsonSerializable(typeof(SimSwapFaultRequest))]
[JsonSerializable(typeof(SimSwapFault))]
[JsonSerializable(typeof(SimSwapFault[]))]
[JsonSerializable(typeof(SimSwapStats))]
[JsonSerializable(typeof(ReceiptRuleRequest))]
[JsonSerializable(typeof(ReceiptRule))]
[JsonSerializable(typeof(ReceiptRule[]))]
[JsonSerializable(typeof(PostedReceipt[]))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(TwilioMessage))]
[JsonSerializable(typeof(TwilioError))]
[JsonSerializable(typeof(TwilioRecordedMessage[]))]
[JsonSerializable(typeof(TwilioPostedCallback[]))]
[JsonSerializable(typeof(TwilioStats))]
[JsonSerializable(typeof(TwilioFault))]
[JsonSerializable(typeof(TwilioFault[]))]
[JsonSerializable(typeof(TwilioFaultRequest))]
[JsonSerializable(typeof(TwilioOutcome))]
[JsonSerializable(typeof(TwilioOutcome[]))]
[JsonSerializable(typeof(TwilioOutcomeRequest))]
internal sealed partial class FakeProviderJsonContext : JsonSerializerContext;
