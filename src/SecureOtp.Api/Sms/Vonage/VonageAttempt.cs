namespace SecureOtp.Api.Sms.Vonage;

/// <summary>What one HTTP attempt against the Vonage SMS API came to, sorted by what we may safely do next.</summary>
internal enum VonageOutcome
{
    /// <summary>Every part has status "0": Vonage took the text (accepted, not yet delivered).</summary>
    Accepted,

    /// <summary>Status 1: throttled. Certainly not sent; retry after the advertised wait.</summary>
    Throttled,

    /// <summary>Status 5 or 10, HTTP 429 or 503: refused before acceptance. Certainly not sent; retry with back-off.</summary>
    NotSentTransient,

    /// <summary>A 5xx or an unreadable answer: the text may or may not be on its way. Never retried (no duplicate texts).</summary>
    Ambiguous,

    /// <summary>Status 7, 33 or an invalid number: this destination cannot get texts from anyone. The caller's problem (4xx).</summary>
    DestinationRejected,

    /// <summary>Status 6 (unroutable) or 29 (destination not whitelisted): Vonage will not carry texts there for us, but
    /// another provider may. Certainly not sent, never retried with Vonage.</summary>
    RouteRefused,

    /// <summary>Our credentials, account or request are at fault (2, 3, 4, 6, 8, 9, 11, 12, 14, 15...). Ours to fix (503, error log).</summary>
    ConfigurationFault,
}

/// <param name="Outcome">The class of answer.</param>
/// <param name="VonageStatus">The first failing part's status, when Vonage gave one.</param>
/// <param name="HttpStatus">The HTTP status of the answer.</param>
/// <param name="RetryAfter">For throttling: the wait Vonage asked for.</param>
/// <param name="MessageIds">When accepted: each part's <c>message-id</c>, in order (what its delivery receipts name).</param>
internal sealed record VonageAttempt(
    VonageOutcome Outcome, string? VonageStatus, int HttpStatus, TimeSpan? RetryAfter = null, IReadOnlyList<string>? MessageIds = null)
{
    /// <summary>Worth asking Vonage again: refused before acceptance for a reason that passes.</summary>
    public bool CertainlyNotSent => Outcome is VonageOutcome.Throttled or VonageOutcome.NotSentTransient;
}
