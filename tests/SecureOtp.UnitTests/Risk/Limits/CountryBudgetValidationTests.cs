using SecureOtp.Api.Risk.Limits;

namespace SecureOtp.UnitTests.Risk.Limits;

/// <summary><c>Limits:CountryBudgets:&lt;code&gt;</c> keys are calling codes as the limiter spells them, or the budget never applies.</summary>
public sealed class CountryBudgetValidationTests
{
    [TestCase("1")]
    [TestCase("44")]
    [TestCase("881")]
    public void AssignedCallingCode_IsAccepted(string code) =>
        Assert.That(Validate(code).Succeeded, Is.True);

    [TestCase("999")] // unassigned
    [TestCase("044")] // never how the limiter spells 44
    [TestCase("+44")]
    [TestCase("4412")]
    public void AnythingElse_FailsNamingTheKey(string code) =>
        Assert.That(Validate(code).FailureMessage, Does.Contain($"Limits:CountryBudgets:{code}"));

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(string code)
    {
        var options = new LimitOptions();
        options.CountryBudgets[code] = 5;
        return new LimitOptionsValidator(Microsoft.Extensions.Options.Options.Create(new SecureOtp.Api.Security.AuthOptions())).Validate(null, options);
    }
}
