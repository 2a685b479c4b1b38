using System.Net;

namespace SecureOtp.LoadTest;

/// <summary>
/// A diagnostic rung between the baseline and verify-wrong: POST /otp/verify with a handle the service could never have
/// issued (not base64url), answered before any storage call: the service's 400 <c>validation_failed</c> (docs/api.md: a
/// handle send could not have issued), the floor's 404. It pays for everything verify does in the service —
/// connection, API-key check, JSON binding, validation, the outcome log line, a problem+json answer — except Redis,
/// so baseline → verify-unknown → verify-wrong shows where a verify's cost goes.
/// </summary>
internal sealed class VerifyUnknownScenario(LoadContext context) : Scenario(context)
{
    private const string UnparsableHandle = "!unknown-handle-never-issued-by-the-api!";

    public override string Name => "verify-unknown";

    public override string Operation => "POST /otp/verify, handle that cannot parse (400 or 404, no storage call)";

    public override async Task<OpResult> ExecuteAsync(int worker, CancellationToken cancellationToken)
    {
        var status = await Context.VerifyAsync(UnparsableHandle, "000000", "lt-unknown", cancellationToken);
        return new(status, status is (int)HttpStatusCode.BadRequest or (int)HttpStatusCode.NotFound);
    }
}
