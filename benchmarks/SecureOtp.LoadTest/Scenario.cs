using System.Net;

namespace SecureOtp.LoadTest;

internal abstract class Scenario(LoadContext context)
{
    protected LoadContext Context { get; } = context;

    public abstract string Name { get; }

    /// <summary>What one counted operation is.</summary>
    public abstract string Operation { get; }

    /// <summary>True when it reads texts from the fake Vonage server (so --provider-url is required).</summary>
    public virtual bool NeedsProvider => false;

    /// <summary>Untimed set-up before each of its slices (bounded in count and time): fill or top up pools, clear the fake.</summary>
    public virtual Task PrepareAsync(int workers, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Untimed work a worker may need before its next operation (verify-wrong: a fresh verification).</summary>
    public virtual Task BeforeOperationAsync(int worker, CancellationToken cancellationToken) => Task.CompletedTask;

    public abstract Task<OpResult> ExecuteAsync(int worker, CancellationToken cancellationToken);

    /// <summary>Which kind of operation the worker's current op is, for scenarios that mix kinds (null: just one kind).</summary>
    public virtual string? KindOf(int worker) => null;

    public virtual string Notes => "";
}

/// <summary>GET /health/live: the same Kestrel, connections and client, doing no work. Every ratio is against this.</summary>
internal sealed class BaselineScenario(LoadContext context) : Scenario(context)
{
    public override string Name => "baseline";

    public override string Operation => "GET /health/live";

    public override async Task<OpResult> ExecuteAsync(int worker, CancellationToken cancellationToken)
    {
        using var response = await Context.Service.GetAsync("/health/live", cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        return new((int)response.StatusCode, response.StatusCode == HttpStatusCode.OK);
    }
}

/// <summary>POST /otp/send to a new user and number each time; the fake Vonage server is the provider.</summary>
internal sealed class SendScenario(LoadContext context) : Scenario(context)
{
    public override string Name => "send";

    public override string Operation => "POST /otp/send (202)";

    public override async Task<OpResult> ExecuteAsync(int worker, CancellationToken cancellationToken)
    {
        var (user, phone) = LoadContext.NextIdentity();
        var (status, _) = await Context.SendAsync(user, phone, cancellationToken);
        return new(status, status == 202);
    }
}
