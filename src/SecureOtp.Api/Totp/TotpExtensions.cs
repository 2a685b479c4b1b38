using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Totp;

internal static class TotpExtensions
{
    /// <summary>The TOTP factor: its options (validated at start: outside Development the operator must bring
    /// <c>Totp:SecretKeys</c>), key ring, service, JSON bodies and confirm's either-scope policy. Its store is registered
    /// with the others (Storage/).</summary>
    public static void AddTotp(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TotpOptions>().BindConfiguration(TotpOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TotpOptions>, TotpOptionsValidator>();
        builder.Services.AddSingleton(sp => TotpSecretKeyRing.From(sp.GetRequiredService<IOptions<TotpOptions>>().Value));
        builder.Services.AddSingleton<TotpService>();
        builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.TypeInfoResolverChain.Add(TotpJsonContext.Default));
        builder.Services.AddAuthorizationBuilder().AddPolicy(TotpApi.ConfirmPolicy,
            p => p.RequireAuthenticatedUser().RequireClaim(Scopes.ClaimType, Scopes.Send, Scopes.Verify));
    }
}
