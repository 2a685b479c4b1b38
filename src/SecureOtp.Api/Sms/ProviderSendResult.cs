namespace SecureOtp.Api.Sms;

/// <summary>
/// What one provider made of one text, sorted by what a router may do next: nothing (sent), try the next provider
/// (certainly not sent), stop without texting twice (unknown), or stop because no provider can help (number refused).
/// Finer than <see cref="SmsSendResult"/>, which is what the caller of a whole send sees.
/// </summary>
internal abstract record ProviderSendResult
{
    /// <param name="MessageIds">The provider's id(s) of the text; its delivery receipts name them.</param>
    public sealed record Sent(IReadOnlyList<string> MessageIds) : ProviderSendResult;

    /// <summary>The provider certainly did not take the text: another provider may send it without risking a duplicate.</summary>
    /// <param name="Reason">A short, bounded label (metrics, logs): no number, no text, no secret.</param>
    /// <param name="RetryAfter">The wait the provider asked for, when it named one.</param>
    public sealed record CertainlyNotSent(string Reason, TimeSpan? RetryAfter, NotSentCause Cause) : ProviderSendResult;

    /// <summary>The provider may have taken the text (a timeout after the request was written, a lost answer, a 5xx).</summary>
    public sealed record Unknown(string Reason) : ProviderSendResult;

    /// <summary>The provider refused the number itself (invalid, not a mobile, opted out): no other provider can help.</summary>
    public sealed record NumberRefused(string Reason) : ProviderSendResult;

    /// <summary>A bounded label for logs, spans and metrics: "sent", or the reason.</summary>
    public string Label => this switch
    {
        CertainlyNotSent notSent => notSent.Reason,
        Unknown unknown => unknown.Reason,
        NumberRefused refused => refused.Reason,
        _ => "sent",
    };

    /// <summary>The single-provider view: what <see cref="ISmsSender"/> callers have always been given.</summary>
    public SmsSendResult ToSmsSendResult() => this switch
    {
        Sent sent => new SmsSendResult.AcceptedResult(sent.MessageIds),
        NumberRefused refused => new SmsSendResult.DestinationUnreachable(refused.Reason),
        CertainlyNotSent notSent => new SmsSendResult.Unavailable(notSent.RetryAfter ?? DefaultRetryAfter(notSent.Cause), notSent.Reason),
        Unknown unknown => new SmsSendResult.Unavailable(TimeSpan.FromSeconds(5), unknown.Reason),
        _ => throw new InvalidOperationException($"Unhandled {GetType().Name}"),
    };

    /// <summary>Our own set-up needs fixing: asking again in a few seconds will not help.</summary>
    private static TimeSpan DefaultRetryAfter(NotSentCause cause) =>
        cause == NotSentCause.Configuration ? TimeSpan.FromSeconds(30) : TimeSpan.FromSeconds(5);
}

/// <summary>Why a provider took nothing, which decides whether it is worth asking the same provider again.</summary>
internal enum NotSentCause
{
    /// <summary>Throttled, briefly unavailable or unreachable (429, 503, no connection): the same provider may take it soon.</summary>
    Transient,

    /// <summary>Its circuit breaker is open: no call was made.</summary>
    CircuitOpen,

    /// <summary>It will not carry texts to this country or from this sender (geo permissions, no route): another may.</summary>
    RouteRefused,

    /// <summary>Our credentials, account or request are at fault: ours to fix, another provider may still send.</summary>
    Configuration,
}
