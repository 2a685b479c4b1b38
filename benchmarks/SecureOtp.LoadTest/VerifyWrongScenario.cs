namespace SecureOtp.LoadTest;

/// <summary>
/// Wrong codes against live verifications: the attempt path (parameters read, HMAC, the attempt Lua script). Each verification
/// takes MaxAttempts wrong codes (the last one locks it: 410), so a pool is created before the clock starts and topped up
/// before every slice; a worker that finds the pool empty sends a new code outside its timed operation.
/// </summary>
internal sealed class VerifyWrongScenario(LoadContext context, int poolSize) : Scenario(context)
{
    private readonly VerificationPool pool = new(context.PoolMaxAge);
    private LiveVerification?[] current = [];

    public override string Name => "verify-wrong";

    public override string Operation => "POST /otp/verify, wrong code (400/410)";

    public override string Notes =>
        $"pool {pool.Count} left, {pool.Refills} refill sends during the run{PoolHint.For(pool.Refills)}, " +
        $"{pool.Expired} dropped as near their TTL";

    public override async Task PrepareAsync(int workers, CancellationToken cancellationToken)
    {
        ReturnUnused();
        current = new LiveVerification?[workers];
        pool.DropStale(Context.SliceHeadroom);
        foreach (var live in await VerificationPool.CreateManyAsync(poolSize - pool.Count, workers, NewAsync, cancellationToken))
        {
            pool.Add(live);
        }
    }

    public override async Task BeforeOperationAsync(int worker, CancellationToken cancellationToken)
    {
        if (current[worker] is not null)
        {
            return;
        }

        current[worker] = await pool.TakeOrCreateAsync(NewAsync, cancellationToken);
    }

    public override async Task<OpResult> ExecuteAsync(int worker, CancellationToken cancellationToken)
    {
        var live = current[worker];
        if (live is null)
        {
            return new(0, false);
        }

        // "000000" is wrong except with probability 1e-6; a 200 would show up in the status counts.
        current[worker] = null;
        var status = await Context.VerifyAsync(live.Id, "000000", live.UserId, cancellationToken);
        live.Used++;
        if (live.Used < Context.MaxAttempts && status == 400)
        {
            pool.Add(live);
        }

        return new(status, status is 400 or 410);
    }

    /// <summary>A worker whose slice ended between taking a verification and using it leaves it here; back to the pool.</summary>
    private void ReturnUnused()
    {
        foreach (var live in current.OfType<LiveVerification>())
        {
            pool.Add(live);
        }
    }

    private async Task<LiveVerification?> NewAsync(CancellationToken cancellationToken)
    {
        var (user, phone) = LoadContext.NextIdentity();
        try
        {
            var (_, id) = await Context.SendAsync(user, phone, cancellationToken);
            return id is null ? null : new LiveVerification(id, user, code: null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The op that needed it then counts as no-answer; the run goes on.
            return null;
        }
    }
}
