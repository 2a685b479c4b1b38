using System.Runtime;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using SecureOtp.Api.Otp;
using SecureOtp.Api.Security;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Hosting.WarmUp;

/// <summary>
/// Before readiness, runs the verify, status and send request paths in-process through the real pipeline until the JIT
/// has settled (<see cref="JitSettling"/>; at least <see cref="WarmUpOptions.MinDuration"/>, at most
/// <see cref="WarmUpOptions.Duration"/>), so a load balancer's first real traffic meets optimised code: a process put under
/// full load cold spends its first seconds compiling on the cores the requests need (issue 27).
/// Each round, against verifications the warm-up stores itself (<see cref="WarmUpRecords"/>): a wrong code, the status
/// read, the right code by id, the right code by user, then a send refused by validation (a send past validation would
/// spend the shared SMS-pumping budgets and call a provider, so only its start script runs, in <see cref="WarmUpRecords"/>).
/// The caller is a principal made here that no API key can produce; its verify audit lines, request counters and limit
/// logs are all under <c>(warm-up)</c>; no span is exported; everything it stored is deleted before readiness opens.
/// </summary>
internal sealed class WarmUpService(
    PipelineCapture capture,
    WarmUpGate gate,
    IServiceProvider services,
    IServiceScopeFactory scopes,
    IOptions<WarmUpOptions> options,
    TimeProvider time,
    ILogger<WarmUpService> logger) : BackgroundService
{

    /// <summary>How long the removal of what the warm-up stored may hold readiness back, after a failed run too.</summary>
    private static readonly TimeSpan RemovalTimeout = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled || settings.Duration <= TimeSpan.Zero)
        {
            gate.Open();
            return;
        }

        // Bounded whatever happens: readiness is held back by at most the maximum (and the removal after it).
        using var bound = new CancellationTokenSource(WarmUpOptions.MaxDuration, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, bound.Token);
        var run = new WarmUpRun(time.GetTimestamp(), JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime());
        WarmUpRecords? records = null;
        try
        {
            var pipeline = await capture.Pipeline.WaitAsync(linked.Token);

            // Resolved once the server has started, not with the hosted services: what it needs (the SMS sender among
            // them) validates its options when built, before the start-up check could report every missing setting.
            records = services.GetRequiredService<WarmUpRecords>();
            var settled = await RunAsync(pipeline, records, settings, run, linked.Token);
            Log.WarmUpDone(logger, run.Requests, run.Elapsed(time).TotalMilliseconds, JitInfo.GetCompiledMethodCount() - run.Methods,
                (JitInfo.GetCompilationTime() - run.JitTime).TotalMilliseconds, settled ? "the JIT settled" : "its maximum duration");
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // A warm-up is an optimisation: whatever stops it, the process serves (cold) rather than never getting ready.
            Log.WarmUpStopped(logger, run.Requests, e.GetType().Name);
        }
        finally
        {
            if (records is not null)
            {
                await RemoveWhatItStoredAsync(records, stoppingToken);
            }

            gate.Open();
        }
    }

    /// <summary>Rounds in <see cref="WarmUpOptions.Concurrency"/> loops until the JIT settles or the duration ends.</summary>
    /// <returns>Whether the JIT settled (false: the duration ended first).</returns>
    private async Task<bool> RunAsync(RequestDelegate pipeline, WarmUpRecords records, WarmUpOptions settings, WarmUpRun run, CancellationToken cancellationToken)
    {
        // No span of these requests reaches the trace exporter (the scope flows into the loops below).
        using var quiet = SuppressInstrumentationScope.Begin();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var loops = settings.Concurrency > 0 ? settings.Concurrency : Environment.ProcessorCount;
        var rounds = Enumerable.Range(0, loops).Select(loop => Task.Run(async () =>
        {
            for (var round = 0; !stop.IsCancellationRequested; round++)
            {
                // A round in flight finishes (its requests hold only the hard bound): what it stored is then consumed.
                Interlocked.Add(ref run.Requests, await RoundAsync(pipeline, records, records.UserFor(loop, round), cancellationToken));
                await records.RoundDoneAsync(cancellationToken);
            }
        }, cancellationToken)).ToList();

        // A loop that fails ends the run at once rather than at the settle check.
        var failed = Task.WhenAny(rounds).Unwrap();
        var settling = JitSettling.WaitAsync(run.Started, settings.MinDuration, settings.Maximum, time,
            methods => Log.WarmUpJitWindow(logger, methods, run.Requests), cancellationToken);
        await Task.WhenAny(settling, failed);
        await stop.CancelAsync();
        await Task.WhenAll(rounds);
        return await settling;
    }

    /// <summary>One round, checking each request got the answer it was built for: anything else means the warm-up is not
    /// doing what it should, and it stops.</summary>
    private async Task<int> RoundAsync(RequestDelegate pipeline, WarmUpRecords records, string userId, CancellationToken cancellationToken)
    {
        var user = Principal();
        var first = await records.StartAsync(userId, cancellationToken);
        await Expect(StatusCodes.Status400BadRequest, "verify (wrong code)", Verify(pipeline, user, first.Id.Value, Wrong(first.Code), userId, cancellationToken));
        await Expect(StatusCodes.Status200OK, "status", InProcessRequest.SendAsync(pipeline, scopes, user, "GET", $"/otp/{first.Id.Value}", null, cancellationToken));
        await Expect(records.WrongCodeLocks ? StatusCodes.Status410Gone : StatusCodes.Status200OK, "verify", Verify(pipeline, user, first.Id.Value, first.Code, userId, cancellationToken));

        var second = await records.StartAsync(userId, cancellationToken);
        await Expect(StatusCodes.Status200OK, "verify by user", Verify(pipeline, user, null, second.Code, userId, cancellationToken));

        // Past validation a send spends shared budgets and calls a provider: only its refusal runs here.
        await Expect(StatusCodes.Status400BadRequest, "send", InProcessRequest.SendAsync(pipeline, scopes, user, "POST", "/otp/send", RefusedSend, cancellationToken));
        await Expect(StatusCodes.Status200OK, "live", InProcessRequest.SendAsync(pipeline, scopes, user, "GET", "/health/live", null, cancellationToken));
        return 6;
    }

    private Task<int> Verify(RequestDelegate pipeline, ClaimsPrincipal user, string? id, string code, string userId, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new VerifyOtpRequest(id, code, userId, Purpose: id is null ? RequestValidation.DefaultPurpose : null), SecureOtpJsonContext.Default.VerifyOtpRequest);
        return InProcessRequest.SendAsync(pipeline, scopes, user, "POST", "/otp/verify", body, cancellationToken);
    }

    /// <summary>The right code with its last digit changed: a wrong code of the right form.</summary>
    private static string Wrong(string code) => string.Concat(code.AsSpan(0, code.Length - 1), ((code[^1] - '0' + 1) % 10).ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A well-formed number (the phone checks run) with a purpose the pattern refuses: nothing is stored or sent.</summary>
    private static readonly byte[] RefusedSend = JsonSerializer.SerializeToUtf8Bytes(
        new SendOtpRequest("warm-up-user", "+447700900123", Purpose: WarmUpClient.Name), SecureOtpJsonContext.Default.SendOtpRequest);

    private async Task RemoveWhatItStoredAsync(WarmUpRecords records, CancellationToken stoppingToken)
    {
        using var removal = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        removal.CancelAfter(RemovalTimeout);
        try
        {
            await records.RemoveAllAsync(removal.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Every record and log of the warm-up expires on its own (the code's TTL, the limit's window).
            Log.WarmUpRemovalFailed(logger, e.GetType().Name);
        }
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
            new Claim(ClaimTypes.Name, WarmUpClient.Name),
            new Claim(SecurityExtensions.TenantClaimType, WarmUpClient.Name),
            new Claim(Scopes.ClaimType, Scopes.Send),
            new Claim(Scopes.ClaimType, Scopes.Verify),
        ],
        authenticationType: "WarmUp"));

    /// <summary>What one run did, for its log line: requests made, and the JIT's counters when it began.</summary>
    private sealed class WarmUpRun(long started, long methods, TimeSpan jitTime)
    {
        public int Requests;

        public long Started { get; } = started;

        public long Methods { get; } = methods;

        public TimeSpan JitTime { get; } = jitTime;

        public TimeSpan Elapsed(TimeProvider time) => time.GetElapsedTime(Started);
    }
}

/// <summary>A warm-up request was not answered as built to be: the warm-up stops rather than risk real work.</summary>
internal sealed class UnexpectedWarmUpAnswerException(string message) : Exception(message);
