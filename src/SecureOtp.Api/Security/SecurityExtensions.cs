using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace SecureOtp.Api.Security;

internal static class SecurityExtensions
{
    public static void AddApiKeyAuthentication(this WebApplicationBuilder builder)
    {
        var auth = builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        if (builder.Environment.IsDevelopment())
        {
            auth.PostConfigure(DevelopmentApiKey.AddWhenNoneConfigured);
        }

        builder.Services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(
                ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Scopes.Send, p => p.RequireAuthenticatedUser().RequireClaim(Scopes.ClaimType, Scopes.Send))
            .AddPolicy(Scopes.Verify, p => p.RequireAuthenticatedUser().RequireClaim(Scopes.ClaimType, Scopes.Verify));
    }

    /// <summary>The calling client's configured name.</summary>
    public static string ClientName(this ClaimsPrincipal user) => user.Identity?.Name ?? "anonymous";
}
