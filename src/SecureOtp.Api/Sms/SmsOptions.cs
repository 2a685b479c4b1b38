using Microsoft.Extensions.Options;

namespace SecureOtp.Api.Sms;

/// <summary>Bound from <c>Sms:*</c>.</summary>
internal sealed class SmsOptions
{
    public const string Section = "Sms";
    public const string OutboxProvider = "Outbox";
    public const string VonageProvider = "Vonage";

    public string Provider { get; set; } = VonageProvider;

    /// <summary>The name users see in the text ("123456 is your {Brand} code").</summary>
    public string Brand { get; set; } = "SecureOtp";

    /// <summary>When set, the text ends with the WebOTP line <c>@domain #code</c>, so browsers offer the code only there.</summary>
    public string? WebOtpDomain { get; set; }
}

internal sealed class SmsOptionsValidator(IHostEnvironment environment) : IValidateOptions<SmsOptions>
{
    public ValidateOptionsResult Validate(string? name, SmsOptions options)
    {
        var failures = new List<string>();
        switch (options.Provider)
        {
            case SmsOptions.OutboxProvider when !environment.IsDevelopment():
                failures.Add($"Sms:Provider=Outbox keeps codes in memory and sends nothing; it is allowed only in Development (this is '{environment.EnvironmentName}').");
                break;
            case SmsOptions.OutboxProvider:
                break;
            case SmsOptions.VonageProvider:
                failures.Add("Sms:Provider=Vonage is not available in this build yet; use Outbox in Development.");
                break;
            default:
                failures.Add($"Sms:Provider must be '{SmsOptions.VonageProvider}' or '{SmsOptions.OutboxProvider}'.");
                break;
        }

        if (string.IsNullOrWhiteSpace(options.Brand) || options.Brand.Length > 30)
        {
            failures.Add("Sms:Brand must be 1-30 characters.");
        }

        if (!string.IsNullOrEmpty(options.WebOtpDomain)
            && (Uri.CheckHostName(options.WebOtpDomain) != UriHostNameType.Dns || options.WebOtpDomain.Length > 100))
        {
            failures.Add("Sms:WebOtpDomain must be a bare host name such as 'login.example.com'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
