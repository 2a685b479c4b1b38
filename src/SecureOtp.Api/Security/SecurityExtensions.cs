using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace SecureOtp.Api.Security;

internal static class SecurityExtensions
{
    /// <summary>The claim that carries the tenant an authenticated client acts for.</summary>
    public const string TenantClaimType = "tenant";

    public static void AddApiKeyAuthentication(this WebApplicationBuilder builder)
    {
        var auth = builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        if (builder.Environment.IsDevelopment())
        {
            auth.PostConfigure(DevelopmentApiKey.AddWhenNoneConfigured);
        }

        builder.Services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        builder.Services.AddSingleton<ApiKeyDirectory>();

        // AddAuthentication() would also register Data Protection, for cookie and remote-login handlers. Nothing here
        // protects data (API keys are checked against configured hashes), yet its hosted service would load or create a
        // key ring at every start — per replica, on the container's disk — and warn about it. Without it, anything that
        // later needs Data Protection fails to resolve it instead of silently using a key ring the other replicas lack.
        builder.Services.AddAuthenticationCore(o => o.DefaultScheme = ApiKeyAuthenticationHandler.SchemeName);
        builder.Services.AddWebEncoders(); // the UrlEncoder every AuthenticationHandler takes
        new AuthenticationBuilder(builder.Services)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Scopes.Send, p => p.RequireAuthenticatedUser().RequireClaim(Scopes.ClaimType, Scopes.Send))
            .AddPolicy(Scopes.Verify, p => p.RequireAuthenticatedUser().RequireClaim(Scopes.ClaimType, Scopes.Verify))
            .AddPolicy(Scopes.Admin, p => p.RequireAuthenticatedUser().RequireClaim(Scopes.ClaimType, Scopes.Admin));
    }

    /// <summary>The <see cref="PseudonymKey"/> from <c>Otp:PseudonymKey</c>, validated at start.</summary>
    public static void AddPseudonymKey(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PseudonymKeyOptions>().BindConfiguration(PseudonymKeyOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PseudonymKeyOptions>, PseudonymKeyOptionsValidator>();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<PseudonymKeyOptions>>().Value.Key());
    }

    /// <summary>The calling client's configured name.</summary>
    public static string ClientName(this ClaimsPrincipal user) => user.Identity?.Name ?? "anonymous";

    /// <summary>The authenticated caller: its client name and the tenant it acts for.</summary>
    public static ApiCaller Caller(this ClaimsPrincipal user) =>
        new(user.ClientName(), user.FindFirstValue(TenantClaimType) ?? user.ClientName());
}
