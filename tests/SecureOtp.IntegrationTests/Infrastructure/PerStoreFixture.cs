namespace SecureOtp.IntegrationTests.Infrastructure;

/// <summary>
/// A fixture that runs its tests against one store kind (the derived class lists them with [TestFixture(StoreKind.X)]),
/// with one service instance and one client for the whole fixture; tests use fresh user ids so they never interfere.
/// </summary>
public abstract class PerStoreFixture(StoreKind store)
{
    protected SecureOtpApp App { get; private set; } = null!;

    protected OtpClient Client { get; private set; } = null!;

    protected StoreKind Store => store;

    [OneTimeSetUp]
    public void StartApp()
    {
        App = new SecureOtpApp(store);
        Client = OtpClient.For(App);
    }

    [OneTimeTearDown]
    public void StopApp() => App.Dispose();
}
