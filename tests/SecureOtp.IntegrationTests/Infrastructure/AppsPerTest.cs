namespace SecureOtp.IntegrationTests.Infrastructure;

/// <summary>For fixtures whose tests each start their own apps (own settings, own key prefix): every app a test
/// tracked is stopped when the test ends, pass or fail.</summary>
public abstract class AppsPerTest
{
    private readonly List<SecureOtpApp> apps = [];

    [TearDown]
    public void StopApps()
    {
        apps.ForEach(app => app.Dispose());
        apps.Clear();
    }

    protected SecureOtpApp Track(SecureOtpApp app)
    {
        apps.Add(app);
        return app;
    }
}
