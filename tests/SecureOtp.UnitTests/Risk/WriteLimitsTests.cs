using Microsoft.Extensions.Options;
using SecureOtp.Api.Risk.Limits;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Risk;

public sealed class WriteLimitsTests
{
    [Test]
    public void EachOperation_HasItsOwnBudgetPerClient_AndZeroTurnsItOff()
    {
        var options = new WriteLimitOptions { TotpDeletesPerClientPerMinute = 0 };
        var limits = new WriteLimits(Options.Create(options), TestKeys.NewPseudonymKey());
        var keys = Enum.GetValues<WriteOperation>().Where(o => o != WriteOperation.TotpDelete)
            .SelectMany(o => new[] { limits.For(o, "a").Single().Key, limits.For(o, "b").Single().Key }).ToList();

        Assert.That(keys, Is.Unique, "one log per operation and client");
        Assert.That(limits.For(WriteOperation.TotpDelete, "a"), Is.Empty);
        Assert.That(limits.For(WriteOperation.Verify, "a").Single(), Has.Property("Limit").EqualTo(1200).And.Property("Window").EqualTo(TimeSpan.FromMinutes(1))
            .And.Property("Bucketed").True, "a client's whole traffic of one kind: a counter, not a log");
    }

    [Test]
    public void Validator_NamesTheKeyOutOfRange()
    {
        var result = new WriteLimitOptionsValidator().Validate(null, new WriteLimitOptions { TotpVerifiesPerClientPerMinute = -1, MaxTotpEnrolmentsPerTenant = -5 });
        Assert.That(result.FailureMessage, Does.Contain("Limits:TotpVerifiesPerClientPerMinute").And.Contain("Limits:MaxTotpEnrolmentsPerTenant"));
        Assert.That(new WriteLimitOptionsValidator().Validate(null, new WriteLimitOptions()).Succeeded, Is.True);
    }
}
