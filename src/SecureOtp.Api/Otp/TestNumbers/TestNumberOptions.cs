namespace SecureOtp.Api.Otp.TestNumbers;

/// <summary>
/// <c>TestNumbers:&lt;tenant&gt;:N:Number|Code|ValidUntil</c>: numbers (app-store review, CI, staging) whose sends text
/// nothing and whose code is the configured one. Checked at start by <see cref="TestNumberOptionsValidator"/>.
/// </summary>
internal sealed class TestNumberOptions
{
    public const string Section = "TestNumbers";

    /// <summary>Tenant (as <c>Auth:ApiKeys</c> names it) → N → its test number. By key, not a list: a list would close the
    /// gaps between keys (the Helm chart numbers entries across tenants), and messages would name the wrong N.</summary>
    public Dictionary<string, Dictionary<string, TestNumberSetting>> Tenants { get; } = new(StringComparer.Ordinal);
}

/// <summary>One test number as configured; strings, so that the validator can say which key is wrong.</summary>
internal sealed class TestNumberSetting
{
    /// <summary>E.164; compared in its canonical form, as every number is.</summary>
    public string? Number { get; set; }

    /// <summary>Exactly <c>Otp:CodeLength</c> ASCII digits. A secret: never logged.</summary>
    public string? Code { get; set; }

    /// <summary>Optional ISO 8601 instant (UTC when it names no offset); from then on the number is an ordinary one.</summary>
    public string? ValidUntil { get; set; }
}
