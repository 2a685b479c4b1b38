namespace SecureOtp.UnitTests.TestSupport;

internal static class Bytes
{
    public static bool Contains(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle) => haystack.IndexOf(needle) >= 0;

    public static byte[] WithFlippedBit(ReadOnlySpan<byte> source, int index)
    {
        var copy = source.ToArray();
        copy[index] ^= 0x01;
        return copy;
    }
}
