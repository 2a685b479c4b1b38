using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Channels;

/// <summary>The fake provider with a Vonage application key pair (JWTs checked against its public half, events signed
/// with the signature secret), reset before each test; apps each test starts are stopped after it.</summary>
public abstract class ChannelFixture : AppsPerTest
{
    protected VonageApplicationKeys Keys { get; private set; } = null!;

    protected FakeVonageServer Fake { get; private set; } = null!;

    [OneTimeSetUp]
    public void StartFake()
    {
        Keys = new VonageApplicationKeys();
        Fake = FakeVonageServer.Start(Keys.FakeArguments());
    }

    [OneTimeTearDown]
    public void StopFake()
    {
        Fake.Dispose();
        Keys.Dispose();
    }

    [SetUp]
    public Task ResetFake() => Fake.ResetAsync();
}
