using SecureOtp.FakeProvider.Camara;
using SecureOtp.FakeProvider.Channels;
using SecureOtp.FakeProvider.Faults;
using SecureOtp.FakeProvider.Health;
using SecureOtp.FakeProvider.Hosting;
using SecureOtp.FakeProvider.IdentityInsights;
using SecureOtp.FakeProvider.Messages;
using SecureOtp.FakeProvider.OAuth;
using SecureOtp.FakeProvider.Receipts;
using SecureOtp.FakeProvider.SimSwap;
using SecureOtp.FakeProvider.Sms;
using SecureOtp.FakeProvider.Twilio;

var builder = WebApplication.CreateBuilder(args);

builder.ConfigureFakeHost();
builder.AddFakeVonage();
builder.AddFakeSimSwap();
builder.AddFakeTwilio();
builder.AddFakeChannels();

var app = builder.Build();

app.MapSmsApi();
app.MapMessagesApi();
app.MapFaultsApi();
app.MapReceiptsApi();
app.MapTokenApi();
app.MapCamaraApi();
app.MapIdentityInsightsApi();
app.MapSimSwapControlApi();
app.MapTwilioApi();
app.MapChannelsApi();
app.MapHealth();

app.Run();

/// <summary>Public so a test project could host the fake in-process through <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
