using NetArchTest.Rules;
using SecureOtp.Api.Otp;

namespace SecureOtp.UnitTests.Architecture;

/// <summary>
/// One direction of dependencies, checked on the compiled service (method bodies included), so a shortcut cannot creep
/// back in: endpoints and the OTP flow use Risk, Sms and Security; the TOTP factor uses the OTP flow's request rules, never
/// the reverse; Storage implements the interfaces the domain owns
/// (<c>IOtpStore</c> in Otp, <c>ITotpStore</c> in Totp, <c>IRateLimiter</c> in Risk.Limits, <c>IRouteHealthStore</c> in Sms.Routing) and nobody in the domain knows it; Telemetry and Json are
/// leaves; Hosting (and Program) compose everything and nothing depends on them.
/// </summary>
public sealed class DependencyDirectionTests
{
    private const string Root = "SecureOtp.Api";

    /// <summary>Each top-level namespace and the only other ones it may use.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Telemetry"] = [],
        ["Json"] = [],
        ["Errors"] = ["Telemetry", "Json"],
        ["Security"] = ["Errors", "Telemetry"],
        ["Sms"] = ["Security", "Errors", "Telemetry", "Json"],
        ["Risk"] = ["Security", "Errors", "Telemetry", "Json"],
        ["Channels"] = ["Sms", "Security", "Errors", "Telemetry", "Json"],
        ["Otp"] = ["Risk", "Sms", "Channels", "Security", "Errors", "Telemetry", "Json"],
        ["Totp"] = ["Otp", "Risk", "Security", "Errors", "Telemetry", "Json"],
        ["Storage"] = ["Otp", "Totp", "Risk", "Sms", "Channels", "Security", "Errors", "Telemetry", "Webhooks"],
        ["Webhooks"] = ["Otp", "Security", "Errors", "Telemetry", "Json"],
        ["Health"] = ["Otp", "Errors", "Telemetry"],
    };

    private static readonly string[] Everything =
        ["Telemetry", "Json", "Errors", "Security", "Sms", "Channels", "Risk", "Otp", "Totp", "Storage", "Health", "Hosting", "Webhooks"];

    private static IEnumerable<TestCaseData> ForbiddenPairs() =>
        from user in Allowed.Keys
        from used in Everything
        where used != user && !Allowed[user].Contains(used)
        select new TestCaseData(user, used).SetName($"{user} does not depend on {used}");

    [TestCaseSource(nameof(ForbiddenPairs))]
    public void Namespace_DoesNotDependOn_AnotherItMayNotUse(string from, string to) =>
        Assert.That(TypesUsing(from, to), Is.Empty, $"{from} must not use {to}");

    /// <summary>Inside Risk: limits may read the geo facts (calling codes); nothing points back up.</summary>
    [TestCase("Risk.Geo", "Risk.Limits")]
    [TestCase("Risk.Geo", "Risk.SimSwap")]
    [TestCase("Risk.SimSwap", "Risk.Limits")]
    [TestCase("Risk.SimSwap", "Risk.Geo")]
    [TestCase("Risk.Limits", "Risk.SimSwap")]
    public void RiskParts_DoNotLoop(string from, string to) =>
        Assert.That(TypesUsing(from, to), Is.Empty, $"{from} must not use {to}");

    [Test]
    public void TheRule_CatchesAViolation() =>
        Assert.That(TypesUsing("Storage", "Otp"), Is.Not.Empty, "a rule that can never fail proves nothing: Storage does use Otp");

    /// <summary>The types of namespace <paramref name="from"/> (and below) that use anything in <paramref name="to"/>.</summary>
    private static IEnumerable<string?> TypesUsing(string from, string to) =>
        Types.InAssembly(typeof(OtpSendService).Assembly)
            .That().ResideInNamespace($"{Root}.{from}")
            .Should().NotHaveDependencyOnAny($"{Root}.{to}")
            .GetResult().FailingTypes?.Select(t => t.FullName) ?? [];
}
