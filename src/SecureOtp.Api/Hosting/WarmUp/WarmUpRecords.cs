using Microsoft.Extensions.Options;
using SecureOtp.Api.Otp;
using SecureOtp.Api.Risk.Geo;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Risk.SimSwap;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Hosting.WarmUp;

/// <summary>A code the warm-up stored, with its id: the warm-up verifies it right and wrong.</summary>
internal sealed record WarmUpCode(VerificationId Id, string Code);

/// <summary>
/// The warm-up's own verifications and budgets, all under its tenant and client <see cref="WarmUpClient.Name"/> (nobody's: parentheses
/// are outside every API key name). A verification is drawn as a send draws it (<see cref="CodeIssuer.Draft"/>: code, HMAC,
/// seals, the text) and stored by the store's start script composed with the rate-limit script, checking only the warm-up
/// client's own send budget: the shared SMS-pumping brakes (per country, per prefix) are never read or written, no
/// provider is asked, nothing is texted or tracked. Its code is stored as a test number's is, so an approval counts in no
/// conversion figure. Everything it stores is remembered, and <see cref="RemoveAllAsync"/> deletes it.
/// </summary>
internal sealed class WarmUpRecords(
    CodeIssuer issuer, IOtpStore store, IWarmUpTraces traces, AbuseLimits limits, WriteLimits writeLimits, IOptions<OtpOptions> otp, TimeProvider time)
{

    /// <summary>The only send limit the warm-up's starts check: its own client's budget.</summary>
    private const string ClientBudget = "client_per_minute";

    /// <summary>A number of Ofcom's drama range, never texted: only its form matters to the draft.</summary>
    private static readonly CanonicalPhone Phone = CanonicalPhone.Of("+447700900123");

    private static readonly ApiCaller WarmUpCaller = new(WarmUpClient.Name, WarmUpClient.Name);

    private readonly Lock gate = new();
    private readonly HashSet<VerificationSlot> users = [];
    private readonly HashSet<string> budgets = new(StringComparer.Ordinal);
    private int roundsSinceReset;
    private int roundsPerReset;

    /// <summary>The user of a loop's round: each round fails one verify of its user, so a new user every half of the
    /// failure cap's worth of rounds keeps every user under the cap (its refusal would end the warm-up).</summary>
    public string UserFor(int loop, int round) => $"warm-up-{loop}-{round / Math.Max(1, limits.VerifyFailureCap.Limit / 2)}";

    /// <summary>With <c>Otp:MaxAttempts</c> 1, the wrong code locks the verification, and its right code then answers 410.</summary>
    public bool WrongCodeLocks => otp.Value.MaxAttempts == 1;

    /// <summary>Stores a new verification for <paramref name="userId"/> (replacing its previous one).</summary>
    public async Task<WarmUpCode> StartAsync(string userId, CancellationToken cancellationToken)
    {
        var command = new SendCommand(WarmUpCaller, userId, Phone, RequestValidation.DefaultPurpose, Locale: null, ClientIp: null, AppHash: null, IdempotencyKey: null);
        var now = time.GetUtcNow();
        var verdict = SimSwapVerdict.NotChecked;
        var draft = issuer.Draft(command, new RiskAssessment(verdict.SimSwap, verdict.Decision), now, CodeGenerator.NewCode(otp.Value.CodeLength));
        var budget = OwnSendBudget(command);

        // Remembered before the store is asked: a start that timed out may still land, and is removed all the same.
        Remember(draft.Verification.Id.Slot, budget);
        if (await store.StartAsync(draft.Verification, now, cancellationToken, budget) is LimitDecision.Refused refused)
        {
            throw new UnexpectedWarmUpAnswerException($"warm-up start refused by {refused.Limit}");
        }

        return new WarmUpCode(draft.Verification.Id, draft.Code);
    }

    /// <summary>
    /// Counts a round (two starts, three verifies); once a quarter of the smaller of the warm-up client's own budgets is
    /// spent, empties its own two logs, so its requests keep taking the admitted path. Other clients' budgets are other keys.
    /// </summary>
    public async Task RoundDoneAsync(CancellationToken cancellationToken)
    {
        if (roundsPerReset == 0)
        {
            roundsPerReset = RoundsPerReset();
        }

        if (Interlocked.Increment(ref roundsSinceReset) < roundsPerReset)
        {
            return;
        }

        Interlocked.Exchange(ref roundsSinceReset, 0);
        await traces.RemoveAsync([], Snapshot().Budgets, cancellationToken);
    }

    /// <summary>Deletes every verification, failed-verify log and budget log the warm-up wrote.</summary>
    public Task RemoveAllAsync(CancellationToken cancellationToken)
    {
        var (slots, budgetKeys) = Snapshot();
        return traces.RemoveAsync(slots, budgetKeys, cancellationToken);
    }

    private int RoundsPerReset()
    {
        var sends = OwnSendBudget(new SendCommand(WarmUpCaller, WarmUpClient.Name, Phone, RequestValidation.DefaultPurpose, null, null, null, null)) is [var send] ? send.Limit / 2 : int.MaxValue;
        var verifies = writeLimits.For(WriteOperation.Verify, WarmUpClient.Name) is [var verify] ? verify.Limit / 3 : int.MaxValue;
        return Math.Max(1, Math.Min(sends, verifies) / 4);
    }

    private IReadOnlyList<LimitCheck> OwnSendBudget(SendCommand command) =>
        [.. limits.ForSend(command.LimitSubject with { TestNumber = true }, TimeSpan.Zero).Where(c => c.Name == ClientBudget)];

    private void Remember(VerificationSlot slot, IReadOnlyList<LimitCheck> budget)
    {
        lock (gate)
        {
            users.Add(slot);
            if (budgets.Count == 0)
            {
                budgets.UnionWith(budget.Select(c => c.Key));
                budgets.UnionWith(writeLimits.For(WriteOperation.Verify, WarmUpClient.Name).Select(c => c.Key));
            }
        }
    }

    private (VerificationSlot[] Users, string[] Budgets) Snapshot()
    {
        lock (gate)
        {
            return ([.. users], [.. budgets]);
        }
    }
}
