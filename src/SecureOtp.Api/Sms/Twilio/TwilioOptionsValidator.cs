using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace SecureOtp.Api.Sms.Twilio;

/// <summary>Refuses to start with a Twilio set-up that could not send, naming the key at fault (never a secret's value).</summary>
internal sealed partial class TwilioOptionsValidator : IValidateOptions<TwilioOptions>
{
    public ValidateOptionsResult Validate(string? name, TwilioOptions options)
    {
        if (!options.IsConfigured)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        RequireSid(options.AccountSid, "AccountSid", "AC", failures);
        ValidateCredentials(options, failures);
        ValidateSender(options, failures);
        RequireHttpUrl(options.BaseUrl, "BaseUrl", failures);
        if (options.StatusCallbackUrl is { } callback)
        {
            RequireHttpUrl(callback, "StatusCallbackUrl", failures);
            if (string.IsNullOrWhiteSpace(options.AuthToken))
            {
                // Twilio signs status callbacks with the auth token, even for texts sent with an API key.
                failures.Add("Sms:Twilio:AuthToken is required when Sms:Twilio:StatusCallbackUrl is set: Twilio signs status callbacks with it.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateCredentials(TwilioOptions options, List<string> failures)
    {
        if (options.UsesApiKey || options.ApiKeySecret is not null)
        {
            RequireSid(options.ApiKeySid, "ApiKeySid", "SK", failures);
            if (string.IsNullOrWhiteSpace(options.ApiKeySecret))
            {
                failures.Add("Sms:Twilio:ApiKeySecret is required with Sms:Twilio:ApiKeySid.");
            }

            if (options.AuthToken is { } token && string.IsNullOrWhiteSpace(token))
            {
                failures.Add("Sms:Twilio:AuthToken must not be blank when set.");
            }
        }
        else if (string.IsNullOrWhiteSpace(options.AuthToken))
        {
            failures.Add("Sms:Twilio:AuthToken is required (or Sms:Twilio:ApiKeySid with Sms:Twilio:ApiKeySecret).");
        }
    }

    private static void ValidateSender(TwilioOptions options, List<string> failures)
    {
        if ((options.From is null) == (options.MessagingServiceSid is null))
        {
            failures.Add("Set exactly one of Sms:Twilio:From and Sms:Twilio:MessagingServiceSid.");
            return;
        }

        if (options.MessagingServiceSid is not null)
        {
            RequireSid(options.MessagingServiceSid, "MessagingServiceSid", "MG", failures);
        }
        else if (!SenderPattern().IsMatch(options.From!))
        {
            failures.Add("Sms:Twilio:From must be an E.164 number (+ and up to 15 digits) or an alphanumeric sender id of up to 11 characters.");
        }
    }

    private static void RequireSid(string? sid, string key, string prefix, List<string> failures)
    {
        if (sid is null || !sid.StartsWith(prefix, StringComparison.Ordinal) || !SidBody().IsMatch(sid[prefix.Length..]))
        {
            failures.Add($"Sms:Twilio:{key} must be '{prefix}' followed by 32 hex digits (34 characters).");
        }
    }

    private static void RequireHttpUrl(Uri url, string key, List<string> failures)
    {
        if (!url.IsAbsoluteUri || url.Scheme is not ("https" or "http"))
        {
            failures.Add($"Sms:Twilio:{key} must be an absolute http(s) URL.");
        }
    }

    [GeneratedRegex(@"^[0-9a-fA-F]{32}\z")]
    private static partial Regex SidBody();

    [GeneratedRegex(@"^(\+[1-9][0-9]{6,14}|[A-Za-z0-9 ]{1,11})\z")]
    private static partial Regex SenderPattern();
}
