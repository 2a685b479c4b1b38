namespace SecureOtp.Api.Sms.Routing;

/// <summary>
/// The sliding window as both stores count it: <see cref="Buckets"/> buckets of a fifteenth of the window each (at least
/// a second), the current one included, so a count leaves the window at most one bucket late.
/// </summary>
internal readonly record struct RouteWindow(long BucketMs)
{
    public const int Buckets = 15;

    public static RouteWindow Of(TimeSpan window) => new(Math.Max(1000, (long)window.TotalMilliseconds / Buckets));

    public long IndexAt(DateTimeOffset now) => now.ToUnixTimeMilliseconds() / BucketMs;

    /// <summary>Whether a bucket still counts at <paramref name="nowIndex"/>.</summary>
    public static bool IsLive(long bucket, long nowIndex) => bucket > nowIndex - Buckets;

    /// <summary>How long a bucket's counts must be kept.</summary>
    public TimeSpan Retention => TimeSpan.FromMilliseconds(BucketMs * (Buckets + 1));
}
