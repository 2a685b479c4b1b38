namespace SecureOtp.Client.Http;

/// <summary>Which failures of a call the contract makes safe to repeat.</summary>
internal enum RetryRule
{
    /// <summary>Never repeated: the first attempt may already have counted, sent or consumed something.</summary>
    Never,

    /// <summary>A read or an idempotent delete: repeated after a lost answer or a <c>503 store_unavailable</c>.</summary>
    Idempotent,

    /// <summary>A verify with its Idempotency-Key: a repeat gets the first answer, so also after a lost answer or a 503.</summary>
    KeyedVerify,

    /// <summary>A send with its Idempotency-Key: as a keyed verify, and while the first is still in progress (409).</summary>
    KeyedSend,
}

internal static class RetryRules
{
    /// <summary>Whether an answer (not a lost one) may be repeated under <paramref name="rule"/>.</summary>
    public static bool AllowsRetryOf(this RetryRule rule, int status, string? problemType) => rule switch
    {
        RetryRule.Never => false,
        RetryRule.KeyedSend when status == 409 => problemType == ProblemTypes.IdempotencyInProgress,
        // sms_unavailable and sim_swap_check_unavailable are not retried: a new attempt means a new text, the
        // application's decision; store_unavailable may have done nothing, or something the key replays.
        _ => status == 503 && problemType == ProblemTypes.StoreUnavailable,
    };

    /// <summary>Whether a lost answer (no connection, a timeout) may be repeated.</summary>
    public static bool AllowsRetryOfLostAnswer(this RetryRule rule) => rule != RetryRule.Never;
}
