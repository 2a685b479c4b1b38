using System.Reflection;
using System.Text.RegularExpressions;
using SecureOtp.Api.Storage;
using SecureOtp.Api.Storage.Scripts;

namespace SecureOtp.UnitTests.Storage;

/// <summary>Each script's reply codes are named twice, as Lua locals in the script and as constants of its reply class
/// beside it: the two must say the same, and window.lua must be in each script that counts in a window, once.</summary>
public sealed partial class ScriptReplyNamesTests
{
    private static IEnumerable<TestCaseData> Scripts()
    {
        yield return new TestCaseData(LuaScripts.Attempt.Text, typeof(AttemptReply)).SetArgDisplayNames("attempt.lua");
        yield return new TestCaseData(LuaScripts.TotpAttempt.Text, typeof(TotpAttemptReply)).SetArgDisplayNames("totp_attempt.lua");
        yield return new TestCaseData(LuaScripts.IdempotencyClaim.Text, typeof(IdempotencyClaimReply)).SetArgDisplayNames("idempotency_claim.lua");
        yield return new TestCaseData(LuaScripts.DeliveryReceipt.Text, typeof(DeliveryReceiptReply)).SetArgDisplayNames("delivery_receipt.lua");
        yield return new TestCaseData(LuaScripts.FallbackClaim.Text, typeof(FallbackClaimReply)).SetArgDisplayNames("fallback_claim.lua");
        yield return new TestCaseData(LuaScripts.RateLimits.Text, typeof(RateLimitsReply)).SetArgDisplayNames("ratelimits.lua");
    }

    [TestCaseSource(nameof(Scripts))]
    public void EveryReplyConstant_IsTheScriptsLocalOfTheSameNameAndValue(string script, Type reply)
    {
        var locals = LuaConstants(script);
        var constants = reply.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).ToList();

        Assert.That(constants, Is.Not.Empty);
        foreach (var constant in constants)
        {
            var luaName = PascalWords().Replace(constant.Name, "_$1").ToUpperInvariant();
            Assert.That(locals, Does.ContainKey(luaName), constant.Name);
            Assert.That(locals[luaName], Is.EqualTo((int)constant.GetRawConstantValue()!), constant.Name);
        }
    }

    [Test]
    public void TheWindowFunctions_AreInEachScriptThatCountsInAWindow_Once()
    {
        StoredScript[] counting = [LuaScripts.Attempt, LuaScripts.TotpAttempt, LuaScripts.RateLimits, LuaScripts.LimitsRelease, LuaScripts.LimitedAttempt, LuaScripts.LimitedStart];

        Assert.That(counting.Select(s => Regex.Count(s.Text, "local function window_check")), Is.All.EqualTo(1));
        Assert.That(LuaScripts.All.Where(s => !counting.Contains(s)).Select(s => s.Text), Has.None.Contain("window_check"));
    }

    /// <summary>The script's <c>local A, B = 0, 1</c> lines: every upper-case name with its number.</summary>
    private static Dictionary<string, int> LuaConstants(string text)
    {
        var constants = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match line in LuaConstantLine().Matches(text))
        {
            var names = line.Groups["names"].Value.Split(',', StringSplitOptions.TrimEntries);
            var values = line.Groups["values"].Value.Split(',', StringSplitOptions.TrimEntries);
            for (var i = 0; i < names.Length; i++)
            {
                constants[names[i]] = int.Parse(values[i], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return constants;
    }

    [GeneratedRegex(@"^local (?<names>[A-Z_]+(, [A-Z_]+)*) = (?<values>\d+(, \d+)*)$", RegexOptions.Multiline)]
    private static partial Regex LuaConstantLine();

    [GeneratedRegex(@"(?<=[a-z])([A-Z])")]
    private static partial Regex PascalWords();
}
