using SecureOtp.Api.Channels;
using SecureOtp.Api.Errors;
using SecureOtp.Api.Health;
using SecureOtp.Api.Hosting;
using SecureOtp.Api.Hosting.WarmUp;
using SecureOtp.Api.Otp;
using SecureOtp.Api.Otp.Delivery;
using SecureOtp.Api.Risk;
using SecureOtp.Api.Security;
using SecureOtp.Api.Sms;
using SecureOtp.Api.Sms.Routing;
using SecureOtp.Api.Storage;
using SecureOtp.Api.Totp;
using SecureOtp.Api.Webhooks;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddProblemResponses();
builder.AddApiKeyAuthentication();
builder.AddPseudonymKey();
builder.AddOtpStorage();
builder.AddSms();
builder.AddChannels();
builder.AddRisk();
builder.AddOtp();
builder.AddDeliveryReceipts();
builder.AddTotp();
builder.AddWebhooks();
builder.AddHealth();
builder.AddApiDocument();
builder.AddWarmUp();

var app = builder.Build();

app.UseProblemResponses();
app.UseNoStore();
app.UseAuthentication();
app.UseAuthorization();

app.MapOtpApi();
app.MapTotpApi();
app.MapOutboxApi();
app.MapDeliveryReceipts();
app.MapTwilioReceipts();
app.MapVonageChannelEvents();
app.MapRoutesApi();
app.MapHealth();
app.MapApiDocument();

app.Run();

/// <summary>Visible to <c>WebApplicationFactory&lt;Program&gt;</c> in the integration tests.</summary>
public partial class Program;
