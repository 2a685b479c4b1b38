using Microsoft.Extensions.Options;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Risk.SimSwap;

/// <summary>
/// Refuses to start with a SIM-swap set-up that could not ask its provider, naming the key at fault and never echoing a
/// secret or key material.
/// </summary>
internal sealed class SimSwapOptionsValidator : IValidateOptions<SimSwapOptions>
{
    public const int MinMaxAgeHours = 1;
    public const int MaxMaxAgeHours = 2400;

    /// <summary>A cached "not swapped" hides any swap made since: keep it short.</summary>
    public static readonly TimeSpan MaxCacheDuration = TimeSpan.FromHours(1);

    public static readonly TimeSpan MaxTotalTimeout = TimeSpan.FromSeconds(10);

    public ValidateOptionsResult Validate(string? name, SimSwapOptions options)
    {
        var failures = new List<string>();

        if (!Enum.IsDefined(options.Provider))
        {
            failures.Add("Risk:SimSwap:Provider must be None, Camara or Vonage.");
        }

        if (!Enum.IsDefined(options.Policy))
        {
            failures.Add("Risk:SimSwap:Policy must be Block, Flag or Off.");
        }

        if (options.MaxAgeHours is < MinMaxAgeHours or > MaxMaxAgeHours)
        {
            failures.Add($"Risk:SimSwap:MaxAgeHours must be between {MinMaxAgeHours} and {MaxMaxAgeHours} (was {options.MaxAgeHours}).");
        }

        if (options.CacheDuration < TimeSpan.Zero || options.CacheDuration > MaxCacheDuration)
        {
            failures.Add($"Risk:SimSwap:CacheDuration must be between 00:00:00 (no cache) and {MaxCacheDuration} (was {options.CacheDuration}).");
        }

        if (options.Timeout < TimeSpan.FromMilliseconds(100) || options.Timeout > options.TotalTimeout)
        {
            failures.Add($"Risk:SimSwap:Timeout must be at least 100 ms and at most Risk:SimSwap:TotalTimeout (was {options.Timeout}).");
        }

        if (options.TotalTimeout > MaxTotalTimeout)
        {
            failures.Add($"Risk:SimSwap:TotalTimeout must be at most {MaxTotalTimeout}: a login page is waiting (was {options.TotalTimeout}).");
        }

        switch (options.Provider)
        {
            case SimSwapProviderKind.Camara:
                ValidateCamara(options, failures);
                break;
            case SimSwapProviderKind.Vonage:
                ValidateVonage(options, failures);
                break;
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateCamara(SimSwapOptions options, List<string> failures)
    {
        if (options.BaseUrl is null)
        {
            failures.Add("Risk:SimSwap:BaseUrl (the operator's CAMARA apiRoot) is required when Risk:SimSwap:Provider=Camara.");
        }
        else if (!IsSafeUrl(options.BaseUrl))
        {
            failures.Add("Risk:SimSwap:BaseUrl must be an absolute https URL (plain http only on loopback): it carries a bearer token.");
        }

        if (options.TokenUrl is null)
        {
            failures.Add("Risk:SimSwap:TokenUrl (the OAuth2 token endpoint) is required when Risk:SimSwap:Provider=Camara.");
        }
        else if (!IsSafeUrl(options.TokenUrl))
        {
            failures.Add("Risk:SimSwap:TokenUrl must be an absolute https URL (plain http only on loopback): it carries the client secret.");
        }

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.Add("Risk:SimSwap:ClientId is required when Risk:SimSwap:Provider=Camara.");
        }

        if (string.IsNullOrWhiteSpace(options.ClientSecret))
        {
            failures.Add("Risk:SimSwap:ClientSecret is required when Risk:SimSwap:Provider=Camara.");
        }

        if (string.IsNullOrWhiteSpace(options.Scope))
        {
            failures.Add("Risk:SimSwap:Scope must name the OAuth2 scope to ask for (usually 'sim-swap:check').");
        }
    }

    private static void ValidateVonage(SimSwapOptions options, List<string> failures)
    {
        if (!IsSafeUrl(options.VonageBaseUrl))
        {
            failures.Add("Risk:SimSwap:BaseUrl must be an absolute https URL (plain http only on loopback): it carries a signed JWT.");
        }

        if (string.IsNullOrWhiteSpace(options.ApplicationId))
        {
            failures.Add("Risk:SimSwap:ApplicationId (the Vonage application id) is required when Risk:SimSwap:Provider=Vonage.");
        }

        if (string.IsNullOrWhiteSpace(options.PrivateKeyPath))
        {
            failures.Add("Risk:SimSwap:PrivateKeyPath (a PEM file with the Vonage application's private key) is required when Risk:SimSwap:Provider=Vonage.");
        }
        else if (VonagePrivateKey.Problem(options.PrivateKeyPath) is { } problem)
        {
            failures.Add($"Risk:SimSwap:PrivateKeyPath: {problem}");
        }
    }

    /// <summary>https anywhere; http only to this machine (a local fake provider or a sidecar).</summary>
    internal static bool IsSafeUrl(Uri url) =>
        url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback));
}
