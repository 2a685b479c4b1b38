using SecureOtp.Api.Risk.Limits;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Otp;

/// <summary>What a send refused by one of its limits answers, wherever the limits ran: before a SIM-swap check, or in the
/// store's own call with the code (see <see cref="OtpSendService"/>).</summary>
internal static class SendLimitRefusal
{
    public static SendOutcome Outcome(ILogger logger, SendCommand command, LimitDecision.Refused refused)
    {
        Log.RateLimited(logger, command.Client, command.Phone.Masked, refused.Limit, refused.RetryAfter.TotalSeconds);
        return refused.Limit == AbuseLimits.ResendCooldown
            ? new SendOutcome.ResendTooSoon(refused.RetryAfter)
            : new SendOutcome.RateLimited(refused.Limit, refused.RetryAfter);
    }
}
