namespace SecureOtp.Api.Sms.Routing;

/// <summary>
/// What every replica knows about how texts fare per (provider, country): sliding counts of delivered and failed
/// settled texts over <c>Sms:Routing:Window</c>, and the demotions in force. Redis in production (all replicas share
/// it); the in-process twin in Development. Every key is bounded (countries × providers) and expires on its own.
/// Failures to reach the store surface as <see cref="Errors.StoreUnavailableException"/>.
/// </summary>
internal interface IRouteHealthStore
{
    /// <summary>Counts one settled text, then answers the figures of <paramref name="providers"/> in that country (one round trip).</summary>
    Task<IReadOnlyDictionary<string, ProviderFigures>> RecordAsync(
        string country, string provider, bool delivered, IReadOnlyList<string> providers, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The figures of <paramref name="providers"/> in a country, demotions included, without counting anything.</summary>
    Task<IReadOnlyDictionary<string, ProviderFigures>> ReadAsync(
        string country, IReadOnlyList<string> providers, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The demotions recorded for a country (expired ones included, until someone restores them), by provider.</summary>
    Task<IReadOnlyDictionary<string, DateTimeOffset>> DemotionsAsync(string country, CancellationToken cancellationToken);

    /// <summary>
    /// Demotes a provider in a country until <paramref name="until"/> unless it already is, and forgets its counts there,
    /// so once restored it is judged on fresh texts. True only for the call that demoted it (one replica logs it).
    /// </summary>
    Task<bool> DemoteAsync(string country, string provider, DateTimeOffset until, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Removes a demotion that has run out. True only for the call that removed it.</summary>
    Task<bool> RestoreAsync(string country, string provider, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The country labels that have figures or demotions (at most one per calling code).</summary>
    Task<IReadOnlyList<string>> CountriesAsync(CancellationToken cancellationToken);
}

/// <summary>One provider's figures in one country.</summary>
/// <param name="DemotedUntil">When its demotion there ends (it may have ended already and not yet been restored).</param>
internal sealed record ProviderFigures(int Delivered, int Failed, DateTimeOffset? DemotedUntil)
{
    public static readonly ProviderFigures None = new(0, 0, null);

    public int Settled => Delivered + Failed;

    /// <summary>The delivered share of settled texts; null with none settled.</summary>
    public double? DeliveredShare => Settled == 0 ? null : (double)Delivered / Settled;

    public bool IsDemoted(DateTimeOffset now) => DemotedUntil > now;
}
