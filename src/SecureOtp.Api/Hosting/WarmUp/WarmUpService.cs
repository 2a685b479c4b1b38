using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using SecureOtp.Api.Otp;
using SecureOtp.Api.Security;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Hosting.WarmUp;

/// <summary>
/// Before readiness, runs the send and verify request paths in-process for <see cref="WarmUpOptions.Duration"/>, so the
/// JIT has compiled (and mostly re-compiled optimised) them before a load balancer sends real traffic: a process put under
/// full load cold spends its first seconds compiling on the cores the requests need (issue 27).
/// Nothing it does is a real request: every body is refused by validation before any storage is touched (a code one digit
/// too long, a purpose no caller may use), the store calls are reads of keys that do not exist, the caller is a principal
/// made here that no API key can produce, and no SMS provider is called. It writes no Redis key, counts against no limit,
/// writes no audit line; the per-client request counters label it <c>client="(warm-up)"</c>.
/// </summary>
internal sealed class WarmUpService(
    PipelineCapture capture,
    WarmUpGate gate,
    IServiceScopeFactory scopes,
    IOptions<WarmUpOptions> options,
    IOptions<OtpOptions> otpOptions,
    IOtpStore store,
    PseudonymKey pseudonymKey,
    HashKeyRing keys,
    TimeProvider time,
    ILogger<WarmUpService> logger) : BackgroundService
{
    /// <summary>The warm-up's client and tenant: parentheses are outside every name <c>Auth:ApiKeys</c> accepts, so it is
    /// nobody's, and its reads find nothing.</summary>
    internal const string Caller = "(warm-up)";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled || settings.Duration <= TimeSpan.Zero)
        {
            gate.Open();
            return;
        }

        // Bounded whatever happens: readiness is held back by at most the maximum.
        using var bound = new CancellationTokenSource(WarmUpOptions.MaxDuration, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, bound.Token);
        var started = time.GetTimestamp();
        var requests = 0;
        try
        {
            var pipeline = await capture.Pipeline.WaitAsync(linked.Token);
            requests = await RunAsync(pipeline, settings.Duration < WarmUpOptions.MaxDuration ? settings.Duration : WarmUpOptions.MaxDuration, linked.Token);
            Log.WarmUpDone(logger, requests, time.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // A warm-up is an optimisation: whatever stops it, the process serves (cold) rather than never getting ready.
            Log.WarmUpStopped(logger, requests, e.GetType().Name);
        }
        finally
        {
            gate.Open();
        }
    }

    private async Task<int> RunAsync(RequestDelegate pipeline, TimeSpan duration, CancellationToken cancellationToken)
    {
        // No span of these requests reaches the trace exporter (the scope flows into the loops below).
        using var quiet = SuppressInstrumentationScope.Begin();
        var inputs = Inputs.Make(pseudonymKey, otpOptions.Value.CodeLength);
        var storeAnswers = await store.PingAsync(cancellationToken);
        var started = time.GetTimestamp();
        var loops = options.Value.Concurrency > 0 ? options.Value.Concurrency : Environment.ProcessorCount;
        var counts = await Task.WhenAll(Enumerable.Range(0, loops).Select(_ => Task.Run(async () =>
        {
            var count = 0;
            while (time.GetElapsedTime(started) < duration)
            {
                count += await RoundAsync(pipeline, inputs, storeAnswers, cancellationToken);
            }

            return count;
        }, cancellationToken)));
        return counts.Sum();
    }

    /// <summary>One of each request, checking each got the refusal it was built for: anything else would mean it did real
    /// work, and the warm-up stops.</summary>
    private async Task<int> RoundAsync(RequestDelegate pipeline, Inputs inputs, bool storeAnswers, CancellationToken cancellationToken)
    {
        var user = Principal();
        await Expect(StatusCodes.Status400BadRequest, "verify", InProcessRequest.SendAsync(pipeline, scopes, user, "POST", "/otp/verify", inputs.Verify, cancellationToken));
        await Expect(StatusCodes.Status400BadRequest, "send", InProcessRequest.SendAsync(pipeline, scopes, user, "POST", "/otp/send", inputs.Send, cancellationToken));
        await Expect(StatusCodes.Status200OK, "live", InProcessRequest.SendAsync(pipeline, scopes, user, "GET", "/health/live", null, cancellationToken));

        // The code hash a verify computes under every configured key.
        foreach (var key in keys.All)
        {
            CodeHasher.Hash(key, inputs.Code, inputs.Id);
        }

        if (!storeAnswers)
        {
            return 3;
        }

        // Reads of a verification and a slot nobody has: the store's round trip and script call (EVALSHA), no write.
        await Expect(StatusCodes.Status404NotFound, "status", InProcessRequest.SendAsync(pipeline, scopes, user, "GET", inputs.StatusPath, null, cancellationToken));
        await store.LocateAsync(inputs.Id.Slot, inputs.TenantTag, time.GetUtcNow(), pin: null, cancellationToken);
        return 5;
    }

    private static async Task Expect(int expected, string what, Task<int> request)
    {
        var status = await request;
        if (status != expected)
        {
            throw new UnexpectedWarmUpAnswerException($"warm-up {what} answered {status}, not {expected}");
        }
    }

    /// <summary>A new principal per request, as the authentication handler makes one.</summary>
    private static ClaimsPrincipal Principal() => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, Caller),
            new Claim(SecurityExtensions.TenantClaimType, Caller),
            new Claim(Scopes.ClaimType, Scopes.Send),
            new Claim(Scopes.ClaimType, Scopes.Verify),
        ],
        authenticationType: "WarmUp"));

    /// <summary>The bodies and ids every round uses, made once.</summary>
    private sealed record Inputs(byte[] Verify, byte[] Send, string StatusPath, VerificationId Id, string Code, byte[] TenantTag)
    {
        public static Inputs Make(PseudonymKey pseudonymKey, int codeLength)
        {
            var id = VerificationId.New(Pseudonyms.UserHash(pseudonymKey, Caller, Caller), Pseudonyms.PurposeHash(pseudonymKey, RequestValidation.DefaultPurpose));

            // One digit too many: refused as malformed before the store is asked (costs nobody an attempt).
            var tooLong = new string('0', codeLength + 1);
            var verify = JsonSerializer.SerializeToUtf8Bytes(new VerifyOtpRequest(id.Value, tooLong, "warm-up-user"), SecureOtpJsonContext.Default.VerifyOtpRequest);

            // A well-formed number (the phone checks run) with a purpose the pattern refuses: nothing is stored or sent.
            var send = JsonSerializer.SerializeToUtf8Bytes(new SendOtpRequest("warm-up-user", "+447700900123", Purpose: Caller), SecureOtpJsonContext.Default.SendOtpRequest);
            return new Inputs(verify, send, $"/otp/{id.Value}", id, tooLong[..codeLength], Pseudonyms.TenantTag(pseudonymKey, Caller));
        }
    }
}

/// <summary>A warm-up request was not refused as built to be: the warm-up stops rather than risk real work.</summary>
internal sealed class UnexpectedWarmUpAnswerException(string message) : Exception(message);
