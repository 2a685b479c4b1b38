using System.Text.Json.Nodes;

namespace SecureOtp.FakeProvider.Channels;

/// <summary>A voice call or WhatsApp message the fake accepted: the request body as sent, for tests to read the code from.</summary>
internal sealed record RecordedChannelRequest(string Channel, string Id, string To, JsonNode Body, string? EventUrl);

/// <summary>An injected failure for one channel: an HTTP status with an optional body, <see cref="Times"/> uses (null: until cleared).</summary>
internal sealed record ChannelFault(string Channel, int HttpStatus, string? Body, int? Times);

/// <summary>What the Voice and Messages halves of the fake remember, under one lock.</summary>
internal sealed class FakeChannels
{
    private readonly Lock gate = new();
    private readonly List<RecordedChannelRequest> accepted = [];
    private readonly List<ChannelFault> faults = [];
    private int requests;

    public int Requests
    {
        get
        {
            lock (gate)
            {
                return requests;
            }
        }
    }

    /// <summary>Counts the request and spends one use of the oldest fault for its channel, if any.</summary>
    public ChannelFault? Arrive(string channel)
    {
        lock (gate)
        {
            requests++;
            var index = faults.FindIndex(f => f.Channel == channel);
            if (index < 0)
            {
                return null;
            }

            var fault = faults[index];
            if (fault.Times is { } times)
            {
                faults[index] = fault with { Times = times - 1 };
                if (times <= 1)
                {
                    faults.RemoveAt(index);
                }
            }

            return fault;
        }
    }

    public void Record(RecordedChannelRequest request)
    {
        lock (gate)
        {
            accepted.Add(request);
        }
    }

    public RecordedChannelRequest[] Accepted(string channel, string? to)
    {
        lock (gate)
        {
            return [.. accepted.Where(r => r.Channel == channel && (to is null || r.To == to))];
        }
    }

    public RecordedChannelRequest? Find(string id)
    {
        lock (gate)
        {
            return accepted.FirstOrDefault(r => r.Id == id);
        }
    }

    public void AddFault(ChannelFault fault)
    {
        lock (gate)
        {
            faults.Add(fault);
        }
    }

    public void Reset()
    {
        lock (gate)
        {
            accepted.Clear();
            faults.Clear();
            requests = 0;
        }
    }
}
