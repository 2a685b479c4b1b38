using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Risk.Limits;

/// <summary>The requests other than a send that write to the store, each with its own per-client budget.</summary>
internal enum WriteOperation
{
    Verify,
    Cancel,
    TotpEnroll,
    TotpConfirm,
    TotpVerify,
    TotpRecover,
    TotpDelete,
}

/// <summary>
/// The per-client budget of a writing request (<see cref="WriteLimitOptions"/>): what bounds the bytes one API key can
/// make the store hold. Counted per client, like a send's <c>client_per_minute</c>: a client is one key of one
/// application, and its budget cannot be spent by another client (of its tenant or any other).
/// </summary>
internal sealed class WriteLimits(IOptions<WriteLimitOptions> options, PseudonymKey pseudonymKey)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<(WriteOperation, string), string> keys = new();

    /// <summary>The limit's name as a <c>rate_limited</c> problem's <c>limit</c> gives it.</summary>
    public static string Name(WriteOperation operation) => operation switch
    {
        WriteOperation.Verify => "client_verifies_per_minute",
        WriteOperation.Cancel => "client_cancels_per_minute",
        WriteOperation.TotpEnroll => "client_totp_enrolments_per_minute",
        WriteOperation.TotpConfirm => "client_totp_confirms_per_minute",
        WriteOperation.TotpVerify => "client_totp_verifies_per_minute",
        WriteOperation.TotpRecover => "client_totp_recoveries_per_minute",
        _ => "client_totp_deletes_per_minute",
    };

    /// <summary>The check for one request of <paramref name="client"/>; empty when the limit is off.</summary>
    public IReadOnlyList<LimitCheck> For(WriteOperation operation, string client)
    {
        var limit = Limit(operation);
        if (limit == 0)
        {
            return [];
        }

        // Clients are configured names, a handful: their keys are computed once, not per request.
        var key = keys.GetOrAdd((operation, client), static (k, pseudonyms) =>
            "w1mb:" + Pseudonyms.LimitKey(pseudonyms, "write/" + Name(k.Item1), k.Item2), pseudonymKey);
        // A bucketed counter: a client's whole traffic of one kind counts here, so its size must not grow with it.
        return [new LimitCheck(Name(operation), key, limit, Minute, UniqueMember.New(), Bucketed: true)];
    }

    private int Limit(WriteOperation operation)
    {
        var o = options.Value;
        return operation switch
        {
            WriteOperation.Verify => o.VerifiesPerClientPerMinute,
            WriteOperation.Cancel => o.CancelsPerClientPerMinute,
            WriteOperation.TotpEnroll => o.TotpEnrolmentsPerClientPerMinute,
            WriteOperation.TotpConfirm => o.TotpConfirmsPerClientPerMinute,
            WriteOperation.TotpVerify => o.TotpVerifiesPerClientPerMinute,
            WriteOperation.TotpRecover => o.TotpRecoveriesPerClientPerMinute,
            _ => o.TotpDeletesPerClientPerMinute,
        };
    }
}
