using System.Collections.Concurrent;
using SecureOtp.Client.Webhooks;

namespace SecureOtp.SampleLogin.Events;

/// <summary>The last events SecureOtp posted, newest first, for the Events page. Deliveries are at least once: an id seen before is ignored.</summary>
public sealed class ReceivedEvents
{
    private const int Capacity = 200;
    private readonly ConcurrentDictionary<string, bool> seen = new();
    private readonly ConcurrentQueue<SecureOtpWebhookEvent> events = new();

    public void Add(SecureOtpWebhookEvent received)
    {
        if (!seen.TryAdd(received.Id, true))
        {
            return;
        }

        events.Enqueue(received);
        while (events.Count > Capacity && events.TryDequeue(out var dropped))
        {
            seen.TryRemove(dropped.Id, out _);
        }
    }

    public IReadOnlyList<SecureOtpWebhookEvent> Newest() => [.. events.Reverse()];
}
