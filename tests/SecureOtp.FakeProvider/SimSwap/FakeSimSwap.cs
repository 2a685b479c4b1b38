using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using SecureOtp.FakeProvider.OAuth;
using SecureOtp.FakeProvider.Sms;
using SecureOtp.FakeProvider.State;
using SecureOtp.FakeProvider.Telemetry;

namespace SecureOtp.FakeProvider.SimSwap;

/// <summary>What the fake operator does: counts, faults, access tokens and per-number answers; the APIs turn it into HTTP.</summary>
internal sealed class FakeSimSwap(
    FakeProviderState state, IOptions<SimSwapOptions> options, TimeProvider time, ILogger<FakeSimSwap> logger)
{
    public SimSwapOptions Options => options.Value;

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Counts a check request (every one, so tests can count retries) and takes the fault it should suffer, if any.</summary>
    public SimSwapFault? ReceiveCheck(string? number)
    {
        var fault = state.ReceiveCheck(number);
        if (fault is not null)
        {
            Log.FaultApplied(logger, fault.Id, fault.Kind, Destination.Mask(number));
        }

        return fault;
    }

    /// <summary>Counts a token request and takes the fault it should suffer, if any.</summary>
    public SimSwapFault? ReceiveTokenRequest()
    {
        var fault = state.ReceiveTokenRequest();
        if (fault is not null)
        {
            Log.FaultApplied(logger, fault.Id, fault.Kind, "the token endpoint");
        }

        return fault;
    }

    public TokenResponse IssueToken()
    {
        // 256 random bits, opaque as an operator's would be: a client must not parse it.
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var lifetime = options.Value.TokenLifetimeSeconds;
        var now = time.GetUtcNow();
        state.IssueAccessToken(token, now.AddSeconds(lifetime), now);
        Log.TokenIssued(logger, lifetime);
        return new TokenResponse(token, TokenResponse.BearerType, lifetime);
    }

    /// <summary>True when the request carries a token this fake issued and that has not expired.</summary>
    public bool IsAuthorized(HttpRequest request) =>
        BearerToken.From(request) is { } token && state.IsAccessTokenValid(token, time.GetUtcNow());

    /// <summary>The answer set for <paramref name="number"/>, else "not swapped, no known change".</summary>
    public NumberAnswer AnswerFor(string number) => state.Answer(number) ?? NumberAnswer.NotSwapped(number);
}
