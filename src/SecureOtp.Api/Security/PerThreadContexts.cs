namespace SecureOtp.Api.Security;

/// <summary>
/// A few native crypto contexts per thread, each set up once for one long-lived key and reused (<see cref="KeyedHmac"/>,
/// <see cref="SealedBox"/>): setting a context up costs more than the work done with it. Keys are recognised by their
/// array, which the service creates once at start; a thread keeps <see cref="KeptPerThread"/>, so the keys of a test host
/// that starts many services only cost a new context now and then. Only for keys that live as long as the process: a
/// key made per request would only push the kept ones out.
/// </summary>
internal static class PerThreadContexts<T>
    where T : class, IDisposable
{
    private const int KeptPerThread = 4;

    [ThreadStatic]
    private static (byte[] Key, T Context)[]? kept;

    [ThreadStatic]
    private static int nextSlot;

    public static T For(byte[] key, Func<byte[], T> create)
    {
        var slots = kept ??= new (byte[], T)[KeptPerThread];
        foreach (var (k, context) in slots)
        {
            if (ReferenceEquals(k, key))
            {
                return context;
            }
        }

        var slot = nextSlot;
        nextSlot = (slot + 1) % KeptPerThread;
        slots[slot].Context?.Dispose();
        slots[slot] = (key, create(key));
        return slots[slot].Context;
    }
}
