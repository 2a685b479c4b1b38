namespace SecureOtp.FakeProvider.Sms;

/// <summary>Bound from <c>FakeVonage:*</c>. Public defaults: this fake guards nothing, it only checks that the caller sends them.</summary>
internal sealed class FakeVonageOptions
{
    public const string Section = "FakeVonage";

    public string ApiKey { get; set; } = "fake-key";

    public string ApiSecret { get; set; } = "fake-secret";
}
