using SecureOtp.Api.Sms;

namespace SecureOtp.Api.Otp.Delivery;

/// <summary>
/// <c>delivery.attempts</c> of <c>GET /otp/{id}</c>: every attempt to deliver the code, oldest first, across channels.
/// Earlier channel deliveries (before a fallback or a <c>/resend</c>) are one entry each, as the provider that took them;
/// the current delivery lists every provider tried for it (routing's failover), and the one that took it carries the
/// delivery's status. So the routing fields (<c>provider</c>, <c>outcome</c>, <c>reason</c>) keep their meaning and every
/// entry also says its <c>channel</c>.
/// </summary>
internal static class DeliveryAttempts
{
    private const string Sent = "sent";

    public static IReadOnlyList<DeliveryAttemptResponse>? Of(DeliveryState delivery)
    {
        var list = new List<DeliveryAttemptResponse>();
        var channels = delivery.ChannelAttempts;
        for (var i = 0; i < channels.Count - 1; i++)
        {
            var earlier = channels[i];
            list.Add(new(earlier.Provider, Sent, Sent, earlier.Channel, earlier.Status, earlier.UpdatedAt, earlier.ErrorCode));
        }

        var current = channels.Count > 0 ? channels[^1] : null;
        if (delivery.Attempts.Count == 0)
        {
            if (current is not null)
            {
                list.Add(new(current.Provider, Sent, Sent, current.Channel, current.Status, current.UpdatedAt, current.ErrorCode));
            }

            return list.Count == 0 ? null : list;
        }

        var taker = TakerIndex(delivery.Attempts, delivery.Provider);
        for (var i = 0; i < delivery.Attempts.Count; i++)
        {
            var a = delivery.Attempts[i];
            list.Add(i == taker
                ? new(a.Provider, a.Outcome, a.Reason, delivery.Channel, delivery.Status, delivery.UpdatedAt, delivery.ErrorCode)
                : new(a.Provider, a.Outcome, a.Reason, delivery.Channel));
        }

        return list;
    }

    /// <summary>The provider attempt that took the code: the last one of the provider the delivery names (the last
    /// attempt when none is named).</summary>
    private static int TakerIndex(IReadOnlyList<ProviderAttempt> attempts, string? provider)
    {
        for (var i = attempts.Count - 1; i >= 0; i--)
        {
            if (attempts[i].Provider == provider)
            {
                return i;
            }
        }

        return attempts.Count - 1;
    }
}
