namespace SecureOtp.Api.Sms.Routing;

/// <summary>The provider names routes may use (lower case: routes, logs and metric labels all use these).</summary>
internal static class ProviderNames
{
    public const string Vonage = "vonage";
    public const string Twilio = "twilio";

    /// <summary>The Development outbox, a one-provider route of its own when <c>Sms:Provider=Outbox</c>; never in <c>Sms:Routes</c>.</summary>
    public const string Outbox = "outbox";

    public static readonly IReadOnlyList<string> Routable = [Vonage, Twilio];
}
