namespace SecureOtp.Api.Sms.Routing;

/// <summary>
/// <c>Sms:Routing:*</c>: how routes learn from delivery receipts. Per (provider, country) the delivered share of texts
/// settled within <see cref="Window"/>; a provider doing worse than <see cref="DemoteBelow"/> on at least
/// <see cref="MinSample"/> texts, while another provider of the route does better, moves last for <see cref="DemotionPeriod"/>.
/// </summary>
internal sealed class RoutingOptions
{
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    public int MinSample { get; set; } = 20;

    public double DemoteBelow { get; set; } = 0.8;

    public TimeSpan DemotionPeriod { get; set; } = TimeSpan.FromMinutes(10);
}
