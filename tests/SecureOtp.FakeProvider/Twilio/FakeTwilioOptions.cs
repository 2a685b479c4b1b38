namespace SecureOtp.FakeProvider.Twilio;

/// <summary>Bound from <c>FakeTwilio:*</c>. Public defaults: the fake guards nothing, it only checks that callers send them.</summary>
internal sealed class FakeTwilioOptions
{
    public const string Section = "FakeTwilio";

    public string AccountSid { get; set; } = "ACfa4e0000000000000000000000000001";

    /// <summary>Basic auth with <see cref="AccountSid"/>, and the key status callbacks are signed with. Never logged.</summary>
    public string AuthToken { get; set; } = "fake-twilio-token";

    public string ApiKeySid { get; set; } = "SKfa4e0000000000000000000000000001";

    public string ApiKeySecret { get; set; } = "fake-twilio-key-secret";

    /// <summary>How long after accepting a text its status callbacks go out, unless an outcome rule says otherwise.</summary>
    public int CallbackDelayMs { get; set; } = 50;
}
