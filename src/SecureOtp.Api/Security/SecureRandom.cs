using System.Security.Cryptography;

namespace SecureOtp.Api.Security;

/// <summary>
/// Bytes from the OS CSPRNG (<see cref="RandomNumberGenerator"/>), drawn a block at a time into a per-thread buffer.
/// </summary>
/// <remarks>
/// Each call into the CSPRNG costs about 2.3 µs whatever it returns (12 bytes or 1 KiB cost the same: the cost is the
/// call, not the bytes), and a send needs a dozen small draws (the code, the id, three nonces, one member per limit).
/// Served from a buffer they cost a copy. Every byte is handed out once and wiped from the buffer as it is, so no two
/// draws share a byte and the buffer never holds a value already given out. The buffer lives in this process's memory,
/// as the keys do.
/// </remarks>
internal static class SecureRandom
{
    private const int BlockSize = 512;

    /// <summary>Larger draws gain nothing from the buffer and would drain it: they go to the CSPRNG directly.</summary>
    private const int LargestBuffered = 64;

    [ThreadStatic]
    private static byte[]? block;

    [ThreadStatic]
    private static int used;

    public static void Fill(Span<byte> destination)
    {
        if (destination.Length > LargestBuffered)
        {
            RandomNumberGenerator.Fill(destination);
            return;
        }

        if (block is null)
        {
            block = new byte[BlockSize];
            used = BlockSize;
        }

        if (BlockSize - used < destination.Length)
        {
            RandomNumberGenerator.Fill(block);
            used = 0;
        }

        var taken = block.AsSpan(used, destination.Length);
        taken.CopyTo(destination);
        CryptographicOperations.ZeroMemory(taken);
        used += destination.Length;
    }

    public static byte[] GetBytes(int count)
    {
        var bytes = new byte[count];
        Fill(bytes);
        return bytes;
    }

    /// <summary>Uniform picks from <paramref name="choices"/> (at most 256 of them): a byte is kept only below the largest
    /// multiple of the count, so no choice is likelier than another.</summary>
    public static string GetString(ReadOnlySpan<char> choices, int length)
    {
        if (choices.Length is 0 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(choices), "Between 1 and 256 choices.");
        }

        var accepted = 256 - (256 % choices.Length);
        Span<char> picked = length <= 64 ? stackalloc char[length] : new char[length];
        Span<byte> draw = stackalloc byte[1];
        for (var i = 0; i < length;)
        {
            Fill(draw);
            if (draw[0] < accepted)
            {
                picked[i++] = choices[draw[0] % choices.Length];
            }
        }

        var text = new string(picked);
        CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(picked));
        return text;
    }
}
