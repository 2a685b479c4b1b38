using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SecureOtp.FakeProvider.IdentityInsights;
using SecureOtp.FakeProvider.State;

namespace SecureOtp.FakeProvider.SimSwap;

internal static class SimSwapExtensions
{
    /// <summary>One day: longer than any test run, short enough that a typo of extra zeros is caught.</summary>
    private const int MaxTokenLifetimeSeconds = 86_400;

    public static void AddFakeSimSwap(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SimSwapOptions>()
            .BindConfiguration(SimSwapOptions.Section)
            .Validate(
                o => !string.IsNullOrEmpty(o.ClientId) && !string.IsNullOrEmpty(o.ClientSecret),
                "FakeSimSwap:ClientId and FakeSimSwap:ClientSecret must not be empty.")
            .Validate(
                o => o.TokenLifetimeSeconds is >= 1 and <= MaxTokenLifetimeSeconds,
                $"FakeSimSwap:TokenLifetimeSeconds must be 1-{MaxTokenLifetimeSeconds}.")
            .Validate(
                o => string.IsNullOrEmpty(o.VonagePublicKeyPath) || IsRsaKeyFile(o.VonagePublicKeyPath),
                "FakeSimSwap:VonagePublicKeyPath must name a readable PEM file holding an RSA key.")
            .ValidateOnStart();
        // The SMS side registers these too; TryAdd keeps one of each whichever extension runs first.
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<FakeProviderState>();
        builder.Services.AddSingleton<FakeSimSwap>();
        builder.Services.AddSingleton<VonageJwtVerifier>();
    }

    /// <summary>Checked at start, so a wrong path fails the launch rather than every JWT of the run.</summary>
    private static bool IsRsaKeyFile(string path)
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(File.ReadAllText(path));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or CryptographicException)
        {
            return false;
        }
    }
}
