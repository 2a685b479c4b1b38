namespace SecureOtp.IntegrationTests.Infrastructure;

/// <summary>
/// A test class whose service texts through one fake Vonage server: started once for the class (a process is dear),
/// emptied before each test so counts start at zero, stopped by its pid at the end.
/// </summary>
public abstract class FakeVonageTests
{
    protected FakeVonageServer Vonage { get; private set; } = null!;

    [OneTimeSetUp]
    public void StartFake() => Vonage = FakeVonageServer.Start();

    [OneTimeTearDown]
    public void StopFake() => Vonage.Dispose();

    [SetUp]
    public Task ResetFake() => Vonage.ResetAsync();
}
