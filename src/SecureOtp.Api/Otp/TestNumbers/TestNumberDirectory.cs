using Microsoft.Extensions.Options;
using SecureOtp.Api.Risk.Geo;

namespace SecureOtp.Api.Otp.TestNumbers;

/// <summary>
/// The configured test numbers, by tenant and canonical number. A send to one texts nothing (no provider, no SIM-swap
/// lookup, no pumping brake, no delivery or conversion figure) and stores the configured code, hashed like any code;
/// another tenant's send to the same number is an ordinary send.
/// </summary>
internal sealed class TestNumberDirectory
{
    /// <summary>The calling-code label a test number's record carries instead of its country: an approval of it then
    /// counts in no conversion figure.</summary>
    public const string MetricLabel = "test";

    private readonly Dictionary<(string Tenant, string E164), TestNumber> numbers = [];
    private readonly TimeProvider time;

    /// <param name="options">Validated at start (<see cref="TestNumberOptionsValidator"/>).</param>
    public TestNumberDirectory(IOptions<TestNumberOptions> options, TimeProvider time)
    {
        this.time = time;
        foreach (var (tenant, settings) in options.Value.Tenants)
        {
            foreach (var setting in settings.Values)
            {
                var validUntil = setting.ValidUntil is null ? (DateTimeOffset?)null : TestNumberOptionsValidator.TryParseInstant(setting.ValidUntil);
                numbers[(tenant, CanonicalPhone.Of(setting.Number!).E164)] = new TestNumber(setting.Code!, validUntil);
            }
        }
    }

    /// <summary>How many test numbers each tenant has (for the start-up line; never the numbers or codes).</summary>
    public IEnumerable<(string Tenant, int Count)> CountsByTenant =>
        numbers.Keys.GroupBy(k => k.Tenant, StringComparer.Ordinal).Select(g => (g.Key, g.Count()));

    /// <summary>The fixed code when <paramref name="phone"/> is one of <paramref name="tenant"/>'s test numbers and still
    /// valid; null for every other send.</summary>
    public string? FixedCodeFor(string tenant, CanonicalPhone phone) =>
        numbers.Count > 0 && numbers.TryGetValue((tenant, phone.E164), out var number)
        && (number.ValidUntil is not { } until || time.GetUtcNow() < until)
            ? number.Code
            : null;

    private sealed record TestNumber(string Code, DateTimeOffset? ValidUntil);
}
