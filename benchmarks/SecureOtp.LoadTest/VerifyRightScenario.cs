namespace SecureOtp.LoadTest;

/// <summary>
/// The consume path: POST /otp/verify with the right code (200), which deletes the verification. Each one can be used once,
/// so before every slice (untimed) the pool is topped up: the fake's texts are cleared, the sends go out, and one read of
/// the fake's list gives every new number's code. A worker that finds the pool empty sends one and reads its text outside
/// its timed operation (counted in the notes: once that happens, ops/s is held down by the refills; raise --pool).
/// </summary>
internal sealed class VerifyRightScenario(LoadContext context, int poolSize) : Scenario(context)
{
    private readonly VerificationPool pool = new(context.PoolMaxAge);
    private LiveVerification?[] current = [];
    private long missingTexts;

    public override string Name => "verify-right";

    public override string Operation => "POST /otp/verify, right code (200)";

    public override bool NeedsProvider => true;

    public override string Notes =>
        $"pool {pool.Count} left, {pool.Refills} refills (send + read text) during the run{PoolHint.For(pool.Refills)}, " +
        $"{pool.Expired} dropped as near their TTL, {Interlocked.Read(ref missingTexts)} sends whose text was not found";

    public override async Task PrepareAsync(int workers, CancellationToken cancellationToken)
    {
        foreach (var live in current.OfType<LiveVerification>())
        {
            pool.Add(live);
        }

        current = new LiveVerification?[workers];
        pool.DropStale(Context.SliceHeadroom);
        var missing = poolSize - pool.Count;
        if (missing <= 0)
        {
            return;
        }

        // Nothing else runs between slices, so the fake's list holds only these texts while it is read.
        await Context.Inbox.ClearAsync(cancellationToken);
        var sent = await VerificationPool.CreateManyAsync(missing, workers, SendOnlyAsync, cancellationToken);
        var codes = await Context.Inbox.AllCodesAsync(cancellationToken);
        foreach (var (phone, live) in sent)
        {
            if (codes.TryGetValue(ProviderInbox.Digits(phone), out var code))
            {
                pool.Add(live.WithCode(code));
            }
            else
            {
                Interlocked.Increment(ref missingTexts);
            }
        }

        // Refills during the slice query the list by number: keep it short.
        await Context.Inbox.ClearAsync(cancellationToken);
    }

    public override async Task BeforeOperationAsync(int worker, CancellationToken cancellationToken)
    {
        if (current[worker] is not null)
        {
            return;
        }

        current[worker] = await pool.TakeOrCreateAsync(RefillAsync, cancellationToken);
    }

    public override async Task<OpResult> ExecuteAsync(int worker, CancellationToken cancellationToken)
    {
        var live = current[worker];
        current[worker] = null;
        if (live?.Code is null)
        {
            return new(0, false);
        }

        var status = await Context.VerifyAsync(live.Id, live.Code, live.UserId, cancellationToken);
        return new(status, status == 200);
    }

    /// <summary>A send whose code is read later, all at once: the verification and the number its text went to.</summary>
    private async Task<Sent?> SendOnlyAsync(CancellationToken cancellationToken)
    {
        var (user, phone) = LoadContext.NextIdentity();
        try
        {
            var (_, id) = await Context.SendAsync(user, phone, cancellationToken);
            return id is null ? null : new Sent(phone, new LiveVerification(id, user, code: null));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task<LiveVerification?> RefillAsync(CancellationToken cancellationToken)
    {
        if (await SendOnlyAsync(cancellationToken) is not (var phone, var live))
        {
            return null;
        }

        try
        {
            var (_, code) = await Context.Inbox.CodeForAsync(phone, cancellationToken);
            if (code is null)
            {
                Interlocked.Increment(ref missingTexts);
                return null;
            }

            return live.WithCode(code);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private sealed record Sent(string Phone, LiveVerification Verification);
}
