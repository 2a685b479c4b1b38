using System.Net;
using SecureOtp.Api.Risk.SimSwap;
using SecureOtp.Api.Telemetry;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Risk.SimSwap;

/// <summary>Every policy against every kind of answer, fail-open and fail-closed: the verdict the send flow acts on.</summary>
public sealed class SimSwapPolicyTests
{
    [TestCase("Block", "Swapped", true, "Swapped", "Block")]
    [TestCase("Block", "Swapped", false, "Swapped", "Block")]
    [TestCase("Block", "NotSwapped", true, "NotSwapped", "Send")]
    [TestCase("Block", "NotSwapped", false, "NotSwapped", "Send")]
    [TestCase("Block", "Error", true, "Unknown", "SendFlagged")]
    [TestCase("Block", "Error", false, "Unknown", "Unavailable")]
    [TestCase("Block", "Slow", true, "Unknown", "SendFlagged")]
    [TestCase("Block", "Slow", false, "Unknown", "Unavailable")]
    [TestCase("Flag", "Swapped", true, "Swapped", "SendFlagged")]
    [TestCase("Flag", "Swapped", false, "Swapped", "SendFlagged")]
    [TestCase("Flag", "NotSwapped", true, "NotSwapped", "Send")]
    [TestCase("Flag", "NotSwapped", false, "NotSwapped", "Send")]
    [TestCase("Flag", "Error", true, "Unknown", "SendFlagged")]
    [TestCase("Flag", "Error", false, "Unknown", "SendFlagged")]
    [TestCase("Flag", "Slow", true, "Unknown", "SendFlagged")]
    [TestCase("Flag", "Slow", false, "Unknown", "SendFlagged")]
    [TestCase("Off", "Swapped", true, "NotChecked", "Send")]
    [TestCase("Off", "Swapped", false, "NotChecked", "Send")]
    [TestCase("Off", "NotSwapped", true, "NotChecked", "Send")]
    [TestCase("Off", "NotSwapped", false, "NotChecked", "Send")]
    [TestCase("Off", "Error", true, "NotChecked", "Send")]
    [TestCase("Off", "Error", false, "NotChecked", "Send")]
    [TestCase("Off", "Slow", true, "NotChecked", "Send")]
    [TestCase("Off", "Slow", false, "NotChecked", "Send")]
    public async Task Assess_GivesThePolicysVerdict(string policy, string answer, bool failOpen, string status, string action)
    {
        using var harness = new SimSwapHarness(SimSwapHarness.CamaraOptions(Enum.Parse<SimSwapPolicy>(policy), failOpen));
        Script(harness.Api, answer);

        var verdict = await harness.AssessAsync();

        Assert.That(verdict, Is.EqualTo(new SimSwapVerdict(Enum.Parse<SimSwapStatus>(status), Enum.Parse<SimSwapAction>(action))));
        Assert.That(harness.Api.Calls, policy == "Off" ? Is.Zero : Is.EqualTo(1), "Off asks nobody; errors and timeouts are not retried");
    }

    [TestCase("Block", true, "Block")]
    [TestCase("Flag", false, "SendFlagged")]
    public async Task Assess_WithVonage_FollowsTheSamePolicy(string policy, bool swapped, string action)
    {
        using var harness = new SimSwapHarness(SimSwapHarness.VonageOptions(Enum.Parse<SimSwapPolicy>(policy), failOpen: false));
        harness.Api.Then(() => swapped ? StubSimSwapHandler.VonageInsight(swapped: true) : StubSimSwapHandler.Json(HttpStatusCode.BadGateway, ""));

        var verdict = await harness.AssessAsync();

        Assert.That(verdict.Action, Is.EqualTo(Enum.Parse<SimSwapAction>(action)));
    }

    [Test]
    public async Task ProviderNone_IsNotChecked_WithNoNetworkCall()
    {
        var options = SimSwapHarness.CamaraOptions(SimSwapPolicy.Block, failOpen: false);
        options.Provider = SimSwapProviderKind.None;
        using var harness = new SimSwapHarness(options);

        var verdict = await harness.AssessAsync();

        Assert.That(verdict, Is.EqualTo(SimSwapVerdict.NotChecked));
        Assert.That(harness.Api.Calls + harness.TokenEndpoint.Calls, Is.Zero);
    }

    [TestCase("NotChecked", "Send", "not_checked", "allow")]
    [TestCase("NotSwapped", "Send", "not_swapped", "allow")]
    [TestCase("Swapped", "SendFlagged", "swapped", "flag")]
    [TestCase("Swapped", "Block", "swapped", "allow")]
    [TestCase("Unknown", "SendFlagged", "unknown", "flag")]
    [TestCase("Unknown", "Unavailable", "unknown", "allow")]
    public void Verdict_SpeaksTheApisRiskStrings(string status, string action, string simSwap, string decision)
    {
        var verdict = new SimSwapVerdict(Enum.Parse<SimSwapStatus>(status), Enum.Parse<SimSwapAction>(action));

        Assert.That((verdict.SimSwap, verdict.Decision), Is.EqualTo((simSwap, decision)));
    }

    [Test]
    public async Task Assess_LogsOneDecisionLine_WithTheNumberMasked()
    {
        using var harness = new SimSwapHarness(SimSwapHarness.CamaraOptions(SimSwapPolicy.Block));
        harness.Api.Then(() => StubSimSwapHandler.CamaraSwapped(true));

        await harness.AssessAsync("+447700900123");

        var decisions = harness.Logger.Collector.GetSnapshot().Where(e => e.Id.Id == 5001).Select(e => e.Message).ToList();
        Assert.That(decisions, Has.Count.EqualTo(1));
        Assert.That(decisions[0], Does.Contain("phone=" + Redact.Phone("+447700900123")).And.Contain("swapped").And.Contain("block"));
        Assert.That(harness.Logger.Collector.GetSnapshot().Select(e => e.Message), Has.None.Contain("447700900123"));
        Assert.That(harness.Logger.Collector.GetSnapshot().Select(e => e.Message), Has.None.Contain("token-1").And.None.Contain("secret-456"));
    }

    [Test]
    public void Assess_WhenTheCallerCancels_Throws()
    {
        using var harness = new SimSwapHarness();
        harness.Api.Then(StubSimSwapHandler.Slow);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        Assert.That(async () => await harness.Check.AssessAsync("+447700900123", cancel.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    private static void Script(StubSimSwapHandler api, string answer)
    {
        switch (answer)
        {
            case "Swapped":
                api.Then(() => StubSimSwapHandler.CamaraSwapped(true));
                break;
            case "NotSwapped":
                api.Then(() => StubSimSwapHandler.CamaraSwapped(false));
                break;
            case "Error":
                api.Then(() => StubSimSwapHandler.CamaraError(HttpStatusCode.InternalServerError, "INTERNAL"));
                break;
            case "Slow":
                api.Then(StubSimSwapHandler.Slow);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(answer), answer, "unknown answer");
        }
    }
}
