using SecureOtp.FakeProvider.SimSwap;

namespace SecureOtp.FakeProvider.State;

/// <summary>
/// The SIM-swap half of the store: per-number answers, faults, counters and issued access tokens, under the same lock
/// as the SMS half. Numbers are keys from <see cref="PhoneNumbers.Key"/> (digits, no '+').
/// </summary>
internal sealed partial class FakeProviderState
{
    private readonly Dictionary<string, NumberAnswer> answers = new(StringComparer.Ordinal);
    private readonly List<SimSwapFault> simSwapFaults = [];
    private readonly Dictionary<string, int> checksByNumber = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> accessTokens = new(StringComparer.Ordinal);
    private int checks;
    private int tokenRequests;

    /// <summary>Counts a check request (either API) and takes the fault it suffers, in one step.</summary>
    public SimSwapFault? ReceiveCheck(string? number)
    {
        lock (gate)
        {
            checks++;
            if (number is not null)
            {
                checksByNumber[number] = checksByNumber.GetValueOrDefault(number) + 1;
            }

            return TakeSimSwapFault(SimSwapFault.CheckTarget, number);
        }
    }

    /// <summary>Counts a token request and takes the fault it suffers, in one step.</summary>
    public SimSwapFault? ReceiveTokenRequest()
    {
        lock (gate)
        {
            tokenRequests++;
            return TakeSimSwapFault(SimSwapFault.TokenTarget, null);
        }
    }

    /// <summary>Check requests for <paramref name="number"/> (all of them when null) and all token requests.</summary>
    public SimSwapStats SimSwapStats(string? number)
    {
        lock (gate)
        {
            return new SimSwapStats(number is null ? checks : checksByNumber.GetValueOrDefault(number), tokenRequests);
        }
    }

    public void IssueAccessToken(string token, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        lock (gate)
        {
            // Expired tokens are forgotten here, so a long run that keeps refreshing does not grow without bound.
            foreach (var expired in accessTokens.Where(t => t.Value <= now).Select(t => t.Key).ToArray())
            {
                accessTokens.Remove(expired);
            }

            accessTokens[token] = expiresAt;
        }
    }

    public bool IsAccessTokenValid(string token, DateTimeOffset now)
    {
        lock (gate)
        {
            return accessTokens.TryGetValue(token, out var expiresAt) && now < expiresAt;
        }
    }

    public void SetAnswer(NumberAnswer answer)
    {
        lock (gate)
        {
            answers[answer.PhoneNumber] = answer;
        }
    }

    /// <summary>The answer set for <paramref name="number"/>, or null when nobody set one.</summary>
    public NumberAnswer? Answer(string number)
    {
        lock (gate)
        {
            return answers.GetValueOrDefault(number);
        }
    }

    public NumberAnswer[] Answers()
    {
        lock (gate)
        {
            return [.. answers.Values.OrderBy(a => a.PhoneNumber, StringComparer.Ordinal)];
        }
    }

    public SimSwapFault AddSimSwapFault(SimSwapFault fault)
    {
        lock (gate)
        {
            var added = fault with { Id = ++lastFaultId };
            simSwapFaults.Add(added);
            return added;
        }
    }

    public SimSwapFault[] SimSwapFaults()
    {
        lock (gate)
        {
            return [.. simSwapFaults];
        }
    }

    /// <summary>
    /// Clears answers, faults and counters. Issued access tokens stay valid: a client that cached one in an earlier test
    /// would otherwise meet a 401 no real operator gives.
    /// </summary>
    public void ResetSimSwap()
    {
        lock (gate)
        {
            answers.Clear();
            simSwapFaults.Clear();
            checksByNumber.Clear();
            checks = 0;
            tokenRequests = 0;
        }
    }

    /// <summary>
    /// Like <see cref="TakeFault"/>: the oldest fault for that target and number, else the oldest for that target and
    /// every number; one use is spent. The caller holds the lock.
    /// </summary>
    private SimSwapFault? TakeSimSwapFault(string target, string? number)
    {
        var index = number is null ? -1 : simSwapFaults.FindIndex(f => f.Target == target && f.PhoneNumber == number);
        if (index < 0)
        {
            index = simSwapFaults.FindIndex(f => f.Target == target && f.PhoneNumber is null);
        }

        if (index < 0)
        {
            return null;
        }

        var fault = simSwapFaults[index];
        if (fault.RemainingTimes == 1)
        {
            simSwapFaults.RemoveAt(index);
        }
        else if (fault.RemainingTimes is { } remaining)
        {
            simSwapFaults[index] = fault with { RemainingTimes = remaining - 1 };
        }

        return fault;
    }
}
