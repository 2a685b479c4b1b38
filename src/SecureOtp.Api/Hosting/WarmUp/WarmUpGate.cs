using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SecureOtp.Api.Hosting.WarmUp;

/// <summary>Closed until the warm-up has ended (or was never to run): readiness reports the process not ready meanwhile.</summary>
internal sealed class WarmUpGate
{
    private volatile bool open;

    public bool IsOpen => open;

    public void Open() => open = true;
}

/// <summary>Part of <c>/health/ready</c> (never of liveness): not ready while the warm-up runs.</summary>
internal sealed class WarmUpCheck(WarmUpGate gate) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(gate.IsOpen ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("warming up"));
}
