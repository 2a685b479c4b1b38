namespace SecureOtp.Api.Webhooks;

/// <summary>
/// Bound from <c>Webhooks:*</c>: the delivery settings, and one endpoint per tenant as <c>Webhooks:&lt;tenant&gt;:Url</c>,
/// <c>…:Secret</c> and, during a rotation, <c>…:PreviousSecrets:N</c>. Tenants and settings share the section, so a
/// child with children is a tenant and a child with a value is a setting (<see cref="Bind"/>).
/// </summary>
internal sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>The first retry's ceiling; each further retry doubles it (full jitter: the wait is random below it).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The largest ceiling the doubling reaches.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long an event is retried after it happened; then it is dropped (logged, counted).</summary>
    public TimeSpan MaxRetryAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>One delivery attempt's whole budget, connection to last byte.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The undelivered events kept per user of a tenant; at the cap the oldest goes (see docs/storage.md).</summary>
    public int MaxPendingPerUser { get; set; } = 100;

    /// <summary>How often a replica looks for due events other replicas recorded (its own wake it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a replica looks for event streams whose index entry was lost (a replica died between the
    /// state change and its index write).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Deliveries in flight at once per tenant: one tenant's slow endpoint uses only its own.</summary>
    public int ConcurrencyPerTenant { get; set; } = 4;

    public Dictionary<string, WebhookEndpointOptions> Endpoints { get; } = new(StringComparer.Ordinal);

    /// <summary>The setting names; a tenant cannot be called like one of them.</summary>
    public static readonly string[] SettingNames =
        [nameof(RetryBaseDelay), nameof(MaxRetryDelay), nameof(MaxRetryAge), nameof(Timeout), nameof(MaxPendingPerUser),
            nameof(PollInterval), nameof(SweepInterval), nameof(ConcurrencyPerTenant)];

    public static void Bind(WebhookOptions options, IConfigurationSection section)
    {
        section.Bind(options);
        foreach (var child in section.GetChildren().Where(c => c.GetChildren().Any()))
        {
            options.Endpoints[child.Key] = new WebhookEndpointOptions
            {
                Url = child[nameof(WebhookEndpointOptions.Url)],
                Secret = child[nameof(WebhookEndpointOptions.Secret)],
                PreviousSecrets = [.. child.GetSection(nameof(WebhookEndpointOptions.PreviousSecrets)).GetChildren().Select(c => c.Value ?? "")],
            };
        }
    }
}

/// <summary>One tenant's receiver: where events go and the <c>whsec_</c> secrets they are signed with.</summary>
internal sealed class WebhookEndpointOptions
{
    public string? Url { get; set; }

    public string? Secret { get; set; }

    /// <summary>Secrets being rotated out: every delivery is signed with each, as well as with <see cref="Secret"/>.</summary>
    public List<string> PreviousSecrets { get; set; } = [];
}
