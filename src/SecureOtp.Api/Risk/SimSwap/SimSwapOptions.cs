namespace SecureOtp.Api.Risk.SimSwap;

/// <summary>Who answers "was this SIM swapped recently?".</summary>
internal enum SimSwapProviderKind
{
    /// <summary>No provider: every send is <see cref="SimSwapStatus.NotChecked"/>.</summary>
    None,

    /// <summary>CAMARA SIM Swap v2 at an operator or aggregator, with OAuth2 client credentials.</summary>
    Camara,

    /// <summary>Vonage Identity Insights, with the Vonage application's RS256 JWT.</summary>
    Vonage,
}

/// <summary>What a recent swap means for the send.</summary>
internal enum SimSwapPolicy
{
    /// <summary>Do not ask.</summary>
    Off,

    /// <summary>Send anyway and report <c>decision:"flag"</c> so the login flow can step up.</summary>
    Flag,

    /// <summary>Refuse the send: <c>422 sim_swap_detected</c>.</summary>
    Block,
}

/// <summary>Bound from <c>Risk:SimSwap:*</c>; checked at start-up by <see cref="SimSwapOptionsValidator"/>.</summary>
internal sealed class SimSwapOptions
{
    public const string Section = "Risk:SimSwap";

    public static readonly Uri DefaultVonageBaseUrl = new("https://api-eu.vonage.com");

    public SimSwapProviderKind Provider { get; set; } = SimSwapProviderKind.None;

    public SimSwapPolicy Policy { get; set; } = SimSwapPolicy.Flag;

    /// <summary>How far back a swap counts, in hours (the providers accept 1–2400).</summary>
    public int MaxAgeHours { get; set; } = 72;

    /// <summary>
    /// When the provider cannot answer: true sends (flagged); false refuses with 503 under <see cref="SimSwapPolicy.Block"/>.
    /// Under <see cref="SimSwapPolicy.Flag"/> an unknown answer is always sent flagged.
    /// </summary>
    public bool FailOpen { get; set; } = true;

    /// <summary>Camara: the apiRoot (required). Vonage: defaults to <see cref="DefaultVonageBaseUrl"/>.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Camara: the operator's OAuth2 token endpoint.</summary>
    public Uri? TokenUrl { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public string Scope { get; set; } = "sim-swap:check";

    /// <summary>Vonage: the application whose private key signs the JWT.</summary>
    public string? ApplicationId { get; set; }

    /// <summary>Vonage: a PEM file holding the application's RSA private key (unencrypted PKCS#8 or PKCS#1).</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>How long a definite answer (swapped / not swapped) is reused for the same number. Zero turns the cache off.</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>One HTTP attempt (token fetch included).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The whole check, the retry included: a login page is waiting.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(4);

    public Uri VonageBaseUrl => BaseUrl ?? DefaultVonageBaseUrl;
}
