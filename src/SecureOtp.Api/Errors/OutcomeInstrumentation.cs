using System.Diagnostics;
using System.Diagnostics.Metrics;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Errors;

/// <summary>
/// One request's span and its requests counter, labelled from the endpoint's outcome table: the span carries the client
/// and the outcome, and is marked an error for a 5xx outcome; the counter counts the outcome per client (and whatever
/// else <paramref name="counterTags"/> adds). Attributes never carry a code, secret, phone number or raw user id.
/// </summary>
/// <param name="unfinished">What is left if the handler throws before an outcome is known: the store outage the
/// exception handler answers.</param>
internal abstract class OutcomeInstrumentation(
    string spanName, Counter<long> requests, string client, OutcomeInfo unfinished, params KeyValuePair<string, object?>[] counterTags)
    : IDisposable
{
    private OutcomeInfo outcome = unfinished;

    protected Activity? Activity { get; } = StartSpan(spanName, client);

    public void Outcome(OutcomeInfo info) => outcome = info;

    public void Dispose()
    {
        Activity?.SetTag("secureotp.outcome", outcome.Label);
        if (outcome.Status >= StatusCodes.Status500InternalServerError)
        {
            Activity?.SetStatus(ActivityStatusCode.Error, outcome.Label);
        }

        // A TagList holds up to eight tags inline: no array per request (every send and verify passes here).
        var tags = new TagList(counterTags);
        tags.Add(SecureOtpTelemetry.Tag("outcome", outcome.Label));
        tags.Add(SecureOtpTelemetry.Tag("client", client));
        requests.Add(1, in tags);
        Activity?.Dispose();
    }

    private static Activity? StartSpan(string name, string client)
    {
        var activity = SecureOtpTelemetry.Source.StartActivity(name);
        activity?.SetTag("secureotp.client", client);
        return activity;
    }
}
