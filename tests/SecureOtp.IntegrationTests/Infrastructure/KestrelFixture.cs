namespace SecureOtp.IntegrationTests.Infrastructure;

/// <summary>
/// One service on Redis behind real Kestrel on a free loopback port, for tests of what the in-memory test server does not
/// do as a real server does: decode and normalise request paths, and keep the request target as the client sent it.
/// </summary>
public abstract class KestrelFixture
{
    protected SecureOtpApp App { get; private set; } = null!;

    [OneTimeSetUp]
    public void StartApp()
    {
        App = new SecureOtpApp(StoreKind.Redis);
        App.UseKestrel(0);
        App.StartServer();
    }

    [OneTimeTearDown]
    public void StopApp() => App.Dispose();
}
