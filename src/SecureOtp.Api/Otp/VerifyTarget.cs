namespace SecureOtp.Api.Otp;

/// <summary>What one verify checks: <paramref name="Id"/> (null: nothing to check), its Idempotency-Key record, and, for
/// verify by user, the user's tag (the caller's own user, whatever the outcome).</summary>
internal sealed record VerifyTarget(VerificationId? Id, AttemptReplay? Replay, string? OwnUserTag)
{
    /// <summary>
    /// Whom the audit line names. By id: the id's user only for outcomes that prove the verification is the caller's (the
    /// store compares the tenant first); a not-found id may be another tenant's, and one tenant's lines never name another's
    /// users. By user: the caller's own user, always.
    /// </summary>
    public string UserTag(VerifyOutcome outcome) =>
        OwnUserTag ?? (outcome is VerifyOutcome.NotFound || Id is null ? OtpVerifyService.UnprovenUser : Id.Slot.UserTag);
}
