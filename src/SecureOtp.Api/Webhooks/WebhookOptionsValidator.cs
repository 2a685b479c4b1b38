using Microsoft.Extensions.Options;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Webhooks;

/// <summary>
/// Refuses to start with a webhook set-up that could not deliver or would deliver insecurely, naming the key at fault
/// (never a secret's value): every endpoint belongs to a configured tenant, has an absolute https URL (http is allowed in
/// Development, for a local receiver) and a well-formed <c>whsec_</c> secret.
/// </summary>
internal sealed class WebhookOptionsValidator(IOptions<AuthOptions> auth, IHostEnvironment environment) : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var failures = new List<string>();
        ValidateSettings(options, failures);
        var tenants = auth.Value.Tenants.ToHashSet(StringComparer.Ordinal);
        foreach (var (tenant, endpoint) in options.Endpoints)
        {
            var at = $"{WebhookOptions.Section}:{tenant}";
            if (WebhookOptions.SettingNames.Contains(tenant, StringComparer.OrdinalIgnoreCase))
            {
                failures.Add($"{at} is a setting's name, not a tenant: a tenant cannot be called {tenant}.");
                continue;
            }

            if (!tenants.Contains(tenant))
            {
                failures.Add($"{at}: no API client acts for tenant '{tenant}' (Auth:ApiKeys:<client>, or its :Tenant).");
            }

            ValidateUrl(endpoint.Url, at, failures);
            if (!WebhookSecret.TryParse(endpoint.Secret, out _))
            {
                failures.Add($"{at}:Secret must be whsec_ followed by the base64 of 24 to 64 random bytes.");
            }

            for (var i = 0; i < endpoint.PreviousSecrets.Count; i++)
            {
                if (!WebhookSecret.TryParse(endpoint.PreviousSecrets[i], out _))
                {
                    failures.Add($"{at}:PreviousSecrets:{i} must be whsec_ followed by the base64 of 24 to 64 random bytes.");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void ValidateUrl(string? url, string at, List<string> failures)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{at}:Url must be an absolute https URL.");
        }
        else if (uri.Scheme != Uri.UriSchemeHttps && !environment.IsDevelopment())
        {
            failures.Add($"{at}:Url must use https outside Development: events name users and verifications.");
        }
        else if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            failures.Add($"{at}:Url must not carry credentials; receivers check the signature instead.");
        }
    }

    private static void ValidateSettings(WebhookOptions options, List<string> failures)
    {
        if (options.RetryBaseDelay <= TimeSpan.Zero || options.RetryBaseDelay > options.MaxRetryDelay)
        {
            failures.Add("Webhooks:RetryBaseDelay must be positive and at most Webhooks:MaxRetryDelay.");
        }

        if (options.MaxRetryAge <= TimeSpan.Zero || options.Timeout <= TimeSpan.Zero || options.PollInterval <= TimeSpan.Zero || options.SweepInterval <= TimeSpan.Zero)
        {
            failures.Add("Webhooks:MaxRetryAge, Timeout, PollInterval and SweepInterval must be positive.");
        }

        if (options.MaxPendingPerUser is < 1 or > 10_000 || options.ConcurrencyPerTenant is < 1 or > 64)
        {
            failures.Add("Webhooks:MaxPendingPerUser must be 1-10000 and Webhooks:ConcurrencyPerTenant 1-64.");
        }
    }
}
