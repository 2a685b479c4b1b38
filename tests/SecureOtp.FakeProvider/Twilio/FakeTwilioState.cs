namespace SecureOtp.FakeProvider.Twilio;

/// <summary>
/// The fake Twilio's memory, under one lock (taking a fault and spending one use stays atomic), apart from the Vonage
/// side's so tests can count texts per provider.
/// </summary>
internal sealed class FakeTwilioState
{
    private readonly Lock gate = new();
    private readonly List<TwilioRecordedMessage> messages = [];
    private readonly Dictionary<string, int> requestsByDestination = new(StringComparer.Ordinal);
    private readonly List<TwilioFault> faults = [];
    private readonly List<TwilioOutcome> outcomes = [];
    private readonly List<TwilioPostedCallback> callbacks = [];
    private int requests;
    private int lastFaultId;

    /// <summary>"+447700900000" and "447700900000" both count as "447700900000".</summary>
    public static string? Digits(string? to) => to?.Trim().TrimStart('+') is { Length: > 0 } digits ? digits : null;

    public void CountRequest(string? destination)
    {
        lock (gate)
        {
            requests++;
            if (Digits(destination) is { } key)
            {
                requestsByDestination[key] = requestsByDestination.GetValueOrDefault(key) + 1;
            }
        }
    }

    public int Requests(string? destination)
    {
        lock (gate)
        {
            return Digits(destination) is { } key ? requestsByDestination.GetValueOrDefault(key) : requests;
        }
    }

    public void Record(TwilioRecordedMessage message)
    {
        lock (gate)
        {
            messages.Add(message);
        }
    }

    public TwilioRecordedMessage[] Messages(string? destination)
    {
        var key = Digits(destination);
        lock (gate)
        {
            return [.. messages.Where(m => key is null || Digits(m.To) == key)];
        }
    }

    public TwilioFault AddFault(TwilioFault fault)
    {
        lock (gate)
        {
            var added = fault with { Id = ++lastFaultId };
            faults.Add(added);
            return added;
        }
    }

    public TwilioFault[] Faults()
    {
        lock (gate)
        {
            return [.. faults];
        }
    }

    /// <summary>The oldest fault for the longest matching calling code, else the oldest for every country; one use spent.</summary>
    public TwilioFault? TakeFault(string? destination)
    {
        var digits = Digits(destination) ?? "";
        lock (gate)
        {
            var fault = MostSpecific(faults, f => f.CallingCode, digits);
            if (fault is null)
            {
                return null;
            }

            var index = faults.IndexOf(fault);
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

    public void SetOutcome(TwilioOutcome outcome)
    {
        lock (gate)
        {
            outcomes.RemoveAll(o => o.CallingCode == outcome.CallingCode);
            outcomes.Add(outcome);
        }
    }

    public TwilioOutcome[] Outcomes()
    {
        lock (gate)
        {
            return [.. outcomes];
        }
    }

    /// <summary>The rule for the longest matching calling code, else the one for every country, else none (delivered).</summary>
    public TwilioOutcome? OutcomeFor(string destination)
    {
        var digits = Digits(destination) ?? "";
        lock (gate)
        {
            return MostSpecific(outcomes, o => o.CallingCode, digits);
        }
    }

    public void Posted(TwilioPostedCallback callback)
    {
        lock (gate)
        {
            callbacks.Add(callback);
        }
    }

    public TwilioPostedCallback[] Callbacks(string? destination)
    {
        var key = Digits(destination);
        lock (gate)
        {
            return [.. callbacks.Where(c => key is null || Digits(c.To) == key)];
        }
    }

    public void Reset()
    {
        lock (gate)
        {
            messages.Clear();
            requestsByDestination.Clear();
            faults.Clear();
            outcomes.Clear();
            callbacks.Clear();
            requests = 0;
        }
    }

    /// <summary>The oldest rule for the longest calling code <paramref name="digits"/> starts with, else the oldest for every country.</summary>
    private static T? MostSpecific<T>(List<T> rules, Func<T, string?> callingCode, string digits)
        where T : class =>
        rules.Where(r => callingCode(r) is not { } code || digits.StartsWith(code, StringComparison.Ordinal))
            .OrderByDescending(r => callingCode(r)?.Length ?? 0)
            .FirstOrDefault();
}
