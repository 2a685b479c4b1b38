namespace SecureOtp.IntegrationTests.Infrastructure;

/// <summary>A clock the tests move by hand, so expiry and cooldowns are tested without sleeping.</summary>
public sealed class TestClock : TimeProvider
{
    private readonly Lock gate = new();
    // Starts at the real time (whole seconds), so what the service signs with it (a provider JWT's iat/exp) is still
    // acceptable to peers on the real clock; from then on it moves only when a test moves it.
    private DateTimeOffset now = FloorToSecond(System.GetUtcNow());

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    private static DateTimeOffset FloorToSecond(DateTimeOffset t) => t.AddTicks(-(t.Ticks % TimeSpan.TicksPerSecond));

    public void Advance(TimeSpan by)
    {
        lock (gate)
        {
            now += by;
        }
    }
}
