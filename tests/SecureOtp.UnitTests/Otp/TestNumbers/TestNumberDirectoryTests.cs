using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SecureOtp.Api.Otp.TestNumbers;
using SecureOtp.Api.Risk.Geo;

namespace SecureOtp.UnitTests.Otp.TestNumbers;

public sealed class TestNumberDirectoryTests
{
    private static readonly DateTimeOffset Now = new(2027, 1, 31, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void TheFixedCode_IsTheTenantsOnly_ForTheNumberInAnySpelling_UntilValidUntilOnTheServicesClock()
    {
        var clock = new FakeTimeProvider(Now);
        var options = new TestNumberOptions();
        options.Tenants["acme"] = new() { ["3"] = new TestNumberSetting { Number = "+4407700900123", Code = "424242", ValidUntil = "2027-01-31T13:00:00Z" } };
        var directory = new TestNumberDirectory(Options.Create(options), clock);

        Assert.That(directory.FixedCodeFor("acme", CanonicalPhone.Of("+447700900123")), Is.EqualTo("424242"));
        Assert.That(directory.FixedCodeFor("beta", CanonicalPhone.Of("+447700900123")), Is.Null, "another tenant: an ordinary number");
        Assert.That(directory.FixedCodeFor("acme", CanonicalPhone.Of("+447700900124")), Is.Null);
        Assert.That(directory.CountsByTenant, Is.EqualTo(new[] { ("acme", 1) }));

        clock.Advance(TimeSpan.FromHours(1));
        Assert.That(directory.FixedCodeFor("acme", CanonicalPhone.Of("+447700900123")), Is.Null, "at ValidUntil it is an ordinary number again");
    }
}
