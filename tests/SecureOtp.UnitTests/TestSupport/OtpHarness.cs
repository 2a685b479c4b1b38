using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SecureOtp.Api.Otp;
using SecureOtp.Api.Otp.Delivery;
using SecureOtp.Api.Otp.TestNumbers;
using SecureOtp.Api.Risk.Geo;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Risk.SimSwap;
using SecureOtp.Api.Storage;
using SecureOtp.Api.Security;
using SecureOtp.Api.Sms;

namespace SecureOtp.UnitTests.TestSupport;

/// <summary>The send and verify services wired as in production, except for a recording store, SMS sender and clock.</summary>
internal sealed class OtpHarness
{
    public const string Client = "test-client";

    /// <summary>The harness's caller: a client that is its own tenant.</summary>
    public static readonly ApiCaller Caller = new(Client, Client);
    public const string UserId = "customer-00042";
    public const string Phone = "+14155550100";

    public OtpHarness(OtpOptions? options = null)
    {
        Options = options ?? TestKeys.ValidOptions();
        Keys = TestKeys.Ring(Options);
        Store = new RecordingOtpStore { Limiter = Limiter };
    }

    public OtpOptions Options { get; }

    public HashKeyRing Keys { get; set; }

    public PseudonymKey PseudonymKey { get; } = TestKeys.NewPseudonymKey();

    public RecordingOtpStore Store { get; }

    public RecordingSmsSender Sms { get; } = new();

    /// <summary>Where sent texts' delivery states go: the in-process store, on the harness's clock.</summary>
    public IDeliveryStore Deliveries => deliveries ??= new InMemoryOtpStore(Clock, new InMemoryFailedVerifies(), Limiter);

    private IDeliveryStore? deliveries;

    public FakeTimeProvider Clock { get; } = new(TestTime.Start);

    public SmsOptions SmsOptions { get; } = new() { Brand = "Acme" };

    public LimitOptions LimitOptions { get; } = new();

    public WriteLimitOptions WriteLimitOptions { get; } = new();

    public GeoOptions GeoOptions { get; } = new();

    public InMemoryRateLimiter Limiter { get; } = new();

    /// <summary>No SIM-swap provider unless a test sets one.</summary>
    public SimSwapHarness SimSwap { get; set; } = new(new SimSwapOptions());

    /// <summary>The test numbers (none by default).</summary>
    public TestNumberOptions TestNumbers { get; } = new();

    public static SendOtpRequest Request(string? purpose = null) => new(UserId, Phone, purpose);

    /// <summary>A request parsed as the endpoint parses it (so the purpose is defaulted there, as in production).</summary>
    /// <param name="client">The calling client; by default the harness's. It is its own tenant unless <paramref name="tenant"/> says otherwise.</param>
    public static SendCommand Command(SendOtpRequest? request = null, string? idempotencyKey = null, string client = Client, string? tenant = null)
    {
        var caller = new ApiCaller(client, tenant ?? client);
        var parsed = RequestValidation.TryParseSend(caller, request ?? Request(), idempotencyKey, out var command, out var errors);
        Assert.That(parsed, Is.True, string.Join(", ", errors.Keys));
        return command!;
    }

    public OtpSendService SendService()
    {
        var issuer = new CodeIssuer(Sms, new SmsTextComposer(Microsoft.Extensions.Options.Options.Create(SmsOptions)),
            Keys, PseudonymKey, Tracker(), Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(new Microsoft.Extensions.DependencyInjection.ServiceCollection()),
            Microsoft.Extensions.Options.Options.Create(Options), NullLogger<CodeIssuer>.Instance);
        return new OtpSendService(Store, issuer, new GeoPermissions(Microsoft.Extensions.Options.Options.Create(GeoOptions)), Limits(),
            Limiter, SimSwap.Check, PseudonymKey, new IdempotencyProtector(PseudonymKey),
            new TestNumberDirectory(Microsoft.Extensions.Options.Options.Create(TestNumbers), Clock), Microsoft.Extensions.Options.Options.Create(Options),
            Clock, NullLogger<OtpSendService>.Instance);
    }

    public OtpVerifyService VerifyService() => new(Store, Deliveries, Keys, PseudonymKey, new IdempotencyProtector(PseudonymKey), Limits(),
        new WriteLimits(Microsoft.Extensions.Options.Options.Create(WriteLimitOptions), PseudonymKey), Limiter,
        Microsoft.Extensions.Options.Options.Create(Options), Clock, new WarmUpClient(), NullLogger<OtpVerifyService>.Instance);

    /// <summary>The channel-timeout schedule the tracker writes to (a send listing several channels schedules one).</summary>
    public InMemoryChannelTimeouts Timeouts { get; } = new();

    private DeliveryTracker Tracker() => new(Deliveries, Timeouts, Microsoft.Extensions.Options.Options.Create(new SecureOtp.Api.Channels.DeliveryOptions()),
        PseudonymKey, Microsoft.Extensions.Options.Options.Create(SmsOptions), Clock,
        NullLogger<DeliveryTracker>.Instance);

    private AbuseLimits Limits() => TestLimits.For(LimitOptions, PseudonymKey);

    public Task<SendOutcome> SendAsync(SendOtpRequest? request = null, string? idempotencyKey = null) =>
        SendService().SendAsync(Command(request, idempotencyKey), CancellationToken.None);

    /// <param name="caller">Another tenant's caller, for isolation tests; the harness's own by default.</param>
    public Task<VerifyOutcome> VerifyAsync(
        string verificationId, string code, string? userId = null, ApiCaller? caller = null, string? idempotencyKey = null) =>
        VerifyService().VerifyAsync(
            new VerifyCommand(caller ?? Caller, Id(verificationId), code, userId, ClientIp: null, idempotencyKey), CancellationToken.None);

    /// <summary>A handle RequestValidation would pass on (it refuses any other with a 400).</summary>
    public static VerificationId Id(string text)
    {
        Assert.That(VerificationId.TryParse(text, out var id), Is.True, "the harness verifies only well-formed ids");
        return id;
    }

    /// <summary>The code in the last text sent: the only run of exactly CodeLength digits in it.</summary>
    public string LastSentCode()
    {
        var match = CodeIn(Options.CodeLength).Match(Sms.Sent[^1].Text);
        Assert.That(match.Success, Is.True, "no code found in the text");
        return match.Value;
    }

    /// <summary>A well-formed code that is not the one sent.</summary>
    public string WrongCode()
    {
        var code = LastSentCode();
        return (code[0] == '9' ? "0" : "9") + code[1..];
    }

    private static Regex CodeIn(int length) => new($"(?<![0-9])[0-9]{{{length}}}(?![0-9])", RegexOptions.None, TimeSpan.FromSeconds(1));
}
