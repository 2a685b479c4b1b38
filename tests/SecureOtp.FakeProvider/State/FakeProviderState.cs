using SecureOtp.FakeProvider.Faults;
using SecureOtp.FakeProvider.Messages;

namespace SecureOtp.FakeProvider.State;

/// <summary>
/// Everything the fake remembers, in memory. One lock guards it all: the fake serves a handful of test requests at a
/// time, and a single lock makes "take a fault and spend one of its uses" atomic, so two parallel retries can never
/// both take the last use of a <c>times: 1</c> fault. The SIM-swap half lives in <c>FakeProviderState.SimSwap.cs</c>,
/// under the same lock.
/// </summary>
internal sealed partial class FakeProviderState
{
    private readonly Lock gate = new();
    private readonly List<RecordedMessage> messages = [];
    private readonly Dictionary<string, int> requestsByDestination = new(StringComparer.Ordinal);
    private readonly List<Fault> faults = [];
    private int requests;
    private int lastFaultId;

    public void CountRequest(string? destination)
    {
        lock (gate)
        {
            requests++;
            if (destination is not null)
            {
                requestsByDestination[destination] = requestsByDestination.GetValueOrDefault(destination) + 1;
            }
        }
    }

    /// <summary>Requests to <paramref name="destination"/>, or all requests when it is null.</summary>
    public int Requests(string? destination)
    {
        lock (gate)
        {
            return destination is null ? requests : requestsByDestination.GetValueOrDefault(destination);
        }
    }

    public void Record(RecordedMessage message)
    {
        lock (gate)
        {
            messages.Add(message);
        }
    }

    /// <summary>Accepted messages, oldest first, to <paramref name="destination"/> or to anyone when it is null.</summary>
    public RecordedMessage[] Messages(string? destination)
    {
        lock (gate)
        {
            return [.. messages.Where(m => destination is null || m.To == destination)];
        }
    }

    public Fault AddFault(Fault fault)
    {
        lock (gate)
        {
            var added = fault with { Id = ++lastFaultId };
            faults.Add(added);
            return added;
        }
    }

    /// <summary>
    /// The fault a request to <paramref name="destination"/> suffers: the oldest one for that number, else the oldest
    /// one for every number. One use is spent, and a fault with none left is removed.
    /// </summary>
    public Fault? TakeFault(string? destination)
    {
        lock (gate)
        {
            var index = destination is null ? -1 : faults.FindIndex(f => f.To == destination);
            if (index < 0)
            {
                index = faults.FindIndex(f => f.To is null);
            }

            if (index < 0)
            {
                return null;
            }

            var fault = faults[index];
            if (fault.RemainingTimes == 1)
            {
                faults.RemoveAt(index);
            }
            else if (fault.RemainingTimes is { } remaining)
            {
                faults[index] = fault with { RemainingTimes = remaining - 1 };
            }

            return fault;
        }
    }

    public Fault[] Faults()
    {
        lock (gate)
        {
            return [.. faults];
        }
    }

    public void ClearFaults()
    {
        lock (gate)
        {
            faults.Clear();
        }
    }

    /// <summary>
    /// Back to a fresh start on the SMS side, for a test that wants no trace of the ones before it (the SIM-swap side
    /// has its own <see cref="ResetSimSwap"/>).
    /// </summary>
    public void Reset()
    {
        lock (gate)
        {
            messages.Clear();
            requestsByDestination.Clear();
            faults.Clear();
            requests = 0;
        }
    }
}
