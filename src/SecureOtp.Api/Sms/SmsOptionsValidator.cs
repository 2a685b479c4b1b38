using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Sms.Routing;
using SecureOtp.Api.Sms.Vonage;

namespace SecureOtp.Api.Sms;

/// <summary>Refuses to start with an SMS set-up that could not send, naming the key at fault (never its secret value).</summary>
internal sealed partial class SmsOptionsValidator(IHostEnvironment environment) : IValidateOptions<SmsOptions>
{
    private static readonly string[] PaymentPlaceholders = ["{code}", "{amount}", "{payee}"];

    public ValidateOptionsResult Validate(string? name, SmsOptions options)
    {
        var failures = new List<string>();
        if (options.Routes.Count == 0)
        {
            ValidateProvider(options, failures);
        }
        else
        {
            SmsRoutesValidator.ValidateRoutes(options, failures);
        }

        SmsRoutesValidator.ValidateRouting(options.Routing, failures);
        if (string.IsNullOrWhiteSpace(options.Brand) || options.Brand.Length > 30)
        {
            failures.Add("Sms:Brand must be 1-30 characters.");
        }

        if (!string.IsNullOrEmpty(options.WebOtpDomain)
            && (Uri.CheckHostName(options.WebOtpDomain) != UriHostNameType.Dns || options.WebOtpDomain.Length > 100))
        {
            failures.Add("Sms:WebOtpDomain must be a bare host name such as 'login.example.com'.");
        }

        foreach (var (locale, template) in options.Templates)
        {
            if (!template.Contains("{code}", StringComparison.Ordinal) || template.Length > 300)
            {
                failures.Add($"Sms:Templates:{locale} must contain {{code}} and be at most 300 characters.");
            }
        }

        foreach (var (locale, template) in options.PaymentTemplates)
        {
            if (!PaymentPlaceholders.All(p => template.Contains(p, StringComparison.Ordinal)) || template.Length > 300)
            {
                failures.Add($"Sms:PaymentTemplates:{locale} must contain {{code}}, {{amount}} and {{payee}} and be at most 300 characters.");
            }
        }

        ValidateReceipts(options.Vonage, failures);
        ValidateResilience(options.Resilience, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>No routes: <c>Sms:Provider</c> names the one provider.</summary>
    private void ValidateProvider(SmsOptions options, List<string> failures)
    {
        switch (options.Provider)
        {
            case SmsOptions.OutboxProvider when !environment.IsDevelopment():
                failures.Add($"Sms:Provider=Outbox keeps codes in memory and sends nothing; it is allowed only in Development (this is '{environment.EnvironmentName}').");
                break;
            case SmsOptions.OutboxProvider:
                break;
            case SmsOptions.VonageProvider:
                ValidateVonage(options.Vonage, "Sms:Provider=Vonage", failures);
                break;
            default:
                failures.Add($"Sms:Provider must be '{SmsOptions.VonageProvider}' or '{SmsOptions.OutboxProvider}'.");
                break;
        }
    }

    /// <param name="when">What makes Vonage needed, for the messages ("Sms:Provider=Vonage", or the route naming it).</param>
    internal static void ValidateVonage(VonageOptions vonage, string when, List<string> failures)
    {
        if (!vonage.BaseUrl.IsAbsoluteUri || vonage.BaseUrl.Scheme is not ("https" or "http"))
        {
            failures.Add("Sms:Vonage:BaseUrl must be an absolute http(s) URL.");
        }

        if (string.IsNullOrWhiteSpace(vonage.ApiKey))
        {
            failures.Add("Sms:Vonage:ApiKey is required when " + when + ".");
        }

        if (string.IsNullOrWhiteSpace(vonage.ApiSecret))
        {
            failures.Add("Sms:Vonage:ApiSecret is required when " + when + ".");
        }

        if (vonage.From is null || !SenderPattern().IsMatch(vonage.From))
        {
            failures.Add("Sms:Vonage:From must be an alphanumeric sender id of up to 11 characters or a number of up to 15 digits.");
        }
    }

    /// <summary>Checked whatever the provider: the receipt webhook is served either way.</summary>
    private static void ValidateReceipts(VonageOptions vonage, List<string> failures)
    {
        if (!VonageSignature.TryParseMethod(vonage.SignatureMethod, out _))
        {
            failures.Add($"Sms:Vonage:SignatureMethod must be one of {string.Join(", ", VonageSignature.MethodNames)}.");
        }

        if (vonage.SignatureSecret is { } secret && string.IsNullOrWhiteSpace(secret))
        {
            failures.Add("Sms:Vonage:SignatureSecret must not be blank when set (leave it unset to refuse every receipt).");
        }

        if (vonage.ReceiptGracePeriod < TimeSpan.Zero || vonage.ReceiptGracePeriod > TimeSpan.FromDays(3))
        {
            failures.Add("Sms:Vonage:ReceiptGracePeriod must be between 0 and 3 days (Vonage stops trying a text after at most 3 days).");
        }

        if (vonage.DeliveryReceiptUrl is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("https" or "http")))
        {
            failures.Add("Sms:Vonage:DeliveryReceiptUrl must be an absolute http(s) URL.");
        }
    }

    private static void ValidateResilience(SmsResilienceOptions r, List<string> failures)
    {
        if (r.AttemptTimeout < TimeSpan.FromMilliseconds(100) || r.AttemptTimeout > r.TotalTimeout)
        {
            failures.Add("Sms:Resilience:AttemptTimeout must be at least 100 ms and at most Sms:Resilience:TotalTimeout.");
        }

        if (r.TotalTimeout > TimeSpan.FromSeconds(30))
        {
            failures.Add("Sms:Resilience:TotalTimeout must be at most 30 s: a login page is waiting.");
        }

        if (r.MaxRetries is < 0 or > 5)
        {
            failures.Add("Sms:Resilience:MaxRetries must be between 0 and 5.");
        }

        if (r.RetryBaseDelay < TimeSpan.Zero || r.RetryBaseDelay > TimeSpan.FromSeconds(5))
        {
            failures.Add("Sms:Resilience:RetryBaseDelay must be between 0 and 5 s.");
        }

        if (r.BreakerFailureRatio is <= 0 or > 1)
        {
            failures.Add("Sms:Resilience:BreakerFailureRatio must be in (0, 1].");
        }

        if (r.BreakerMinimumThroughput < 2)
        {
            failures.Add("Sms:Resilience:BreakerMinimumThroughput must be at least 2.");
        }

        if (r.BreakerSamplingDuration < TimeSpan.FromMilliseconds(500) || r.BreakDuration < TimeSpan.FromMilliseconds(500))
        {
            failures.Add("Sms:Resilience:BreakerSamplingDuration and Sms:Resilience:BreakDuration must be at least 500 ms.");
        }
    }

    [GeneratedRegex(@"^([A-Za-z0-9 ]{1,11}|[0-9]{1,15})\z")]
    private static partial Regex SenderPattern();
}
