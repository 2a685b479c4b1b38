using System.Globalization;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Timeout;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Risk.SimSwap;

/// <summary>
/// Asks the configured provider whether the number's SIM changed within <c>Risk:SimSwap:MaxAgeHours</c> and turns the
/// answer into a <see cref="SimSwapVerdict"/> under <c>Risk:SimSwap:Policy</c> and <c>Risk:SimSwap:FailOpen</c>.
/// Provider problems of any kind become <see cref="SimSwapStatus.Unknown"/>; only the caller's own cancellation throws.
/// </summary>
internal sealed class SimSwapCheck
{
    private readonly SimSwapOptions options;
    private readonly ISimSwapProvider? provider;
    private readonly ResiliencePipeline<SimSwapAttempt> pipeline;
    private readonly SimSwapCache cache;
    private readonly ILogger<SimSwapCheck> logger;

    /// <param name="provider">Null when <c>Risk:SimSwap:Provider=None</c>.</param>
    /// <param name="pipelines">Holds <see cref="SimSwapResiliencePipeline"/>, registered by its name.</param>
    public SimSwapCheck(SimSwapOptions options, ISimSwapProvider? provider, ResiliencePipelineProvider<string> pipelines, SimSwapCache cache,
        ILogger<SimSwapCheck> logger)
    {
        this.options = options;
        this.provider = provider;
        pipeline = pipelines.GetPipeline<SimSwapAttempt>(SimSwapResiliencePipeline.Name);
        this.cache = cache;
        this.logger = logger;
    }

    /// <summary>False when no provider is asked (<c>Risk:SimSwap:Provider=None</c> or <c>Policy=Off</c>): every verdict
    /// is then <see cref="SimSwapVerdict.NotChecked"/>, decided without any I/O.</summary>
    public bool AsksProvider => options.Policy != SimSwapPolicy.Off && provider is not null;

    public async Task<SimSwapVerdict> AssessAsync(string phoneE164, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(phoneE164);
        if (!AsksProvider || provider is null)
        {
            return Decided(phoneE164, SimSwapVerdict.NotChecked, "disabled");
        }

        if (cache.TryGet(phoneE164, out var cached))
        {
            return Decided(phoneE164, SimSwapVerdict.Decide(options.Policy, options.FailOpen, cached), "cache");
        }

        var (status, basis) = await AskAsync(provider, phoneE164, ct);
        cache.Set(phoneE164, status);
        return Decided(phoneE164, SimSwapVerdict.Decide(options.Policy, options.FailOpen, status), basis);
    }

    private async Task<(SimSwapStatus Status, string Basis)> AskAsync(ISimSwapProvider provider, string phoneE164, CancellationToken ct)
    {
        var context = ResilienceContextPool.Shared.Get(ct);
        context.Properties.Set(SimSwapResiliencePipeline.CallerToken, ct);
        SimSwapAttempt attempt;
        try
        {
            attempt = await pipeline.ExecuteAsync(
                static (context, state) => new ValueTask<SimSwapAttempt>(state.provider.CheckAsync(state.phoneE164, context.CancellationToken)),
                context, (provider, phoneE164));
        }
        catch (BrokenCircuitException)
        {
            return (SimSwapStatus.Unknown, "circuit_open");
        }
        catch (TimeoutRejectedException)
        {
            Log.SimSwapProviderFailed(logger, provider.Name, "timeout", "-");
            return (SimSwapStatus.Unknown, "timeout");
        }
        catch (HttpRequestException e)
        {
            Log.SimSwapProviderFailed(logger, provider.Name, "connection", e.HttpRequestError.ToString());
            return (SimSwapStatus.Unknown, "connection");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Log.SimSwapProviderFailed(logger, provider.Name, "timeout", "cancelled");
            return (SimSwapStatus.Unknown, "timeout");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // An answer our parsing did not foresee, say: still the provider's problem, never the login's.
            Log.SimSwapUnexpectedFailure(logger, provider.Name, e);
            return (SimSwapStatus.Unknown, "provider_error");
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        switch (attempt.Outcome)
        {
            case SimSwapOutcome.Swapped:
                return (SimSwapStatus.Swapped, provider.Name);
            case SimSwapOutcome.NotSwapped:
                return (SimSwapStatus.NotSwapped, provider.Name);
            case SimSwapOutcome.NotApplicable:
                Log.SimSwapNotApplicable(logger, provider.Name, attempt.HttpStatus, attempt.Code ?? "-");
                return (SimSwapStatus.Unknown, "not_applicable");
            case var _ when attempt.IsConfigurationFault:
                Log.SimSwapConfigurationFault(logger, provider.Name, attempt.HttpStatus, attempt.Code ?? "-");
                return (SimSwapStatus.Unknown, "configuration");
            default:
                Log.SimSwapProviderFailed(logger, provider.Name, attempt.Outcome.ToString(),
                    attempt.Code ?? attempt.HttpStatus.ToString(CultureInfo.InvariantCulture));
                return (SimSwapStatus.Unknown, "provider_error");
        }
    }

    private SimSwapVerdict Decided(string phoneE164, SimSwapVerdict verdict, string basis)
    {
        Log.SimSwapDecision(logger, Redact.Phone(phoneE164), verdict.SimSwap, ActionName(verdict.Action), basis);
        return verdict;
    }

    private static string ActionName(SimSwapAction action) => action switch
    {
        SimSwapAction.Send => "send",
        SimSwapAction.SendFlagged => "send_flagged",
        SimSwapAction.Block => "block",
        _ => "unavailable",
    };
}
