using System.Security.Cryptography;
using System.Text;
using OtpNet;

namespace SecureOtp.Api.Totp;

/// <summary>
/// RFC 6238 codes as every authenticator app computes them by default: HMAC-SHA1, 6 digits, 30-second steps, through
/// Otp.NET. Time always comes in from the caller (read from <see cref="TimeProvider"/>): Otp.NET's overloads that read the
/// clock themselves are banned (BannedSymbols.txt).
/// </summary>
internal static class TotpCodes
{
    public const int Digits = 6;
    public const int PeriodSeconds = 30;

    /// <summary>160 bits, the HMAC-SHA1 block-size-independent length RFC 4226 §4 recommends.</summary>
    public const int SecretBytes = 20;

    public static byte[] NewSecret() => KeyGeneration.GenerateRandomKey(SecretBytes);

    /// <summary>The time step <paramref name="now"/> falls in (RFC 6238's T).</summary>
    public static long StepAt(DateTimeOffset now) => now.ToUnixTimeSeconds() / PeriodSeconds;

    /// <summary>The code of one time step.</summary>
    public static string CodeAt(byte[] secret, long step) =>
        new OtpNet.Totp(secret, PeriodSeconds, OtpHashMode.Sha1, Digits).ComputeTotp(StartOf(step));

    /// <summary>
    /// Every step within <paramref name="skewSteps"/> of now whose code is <paramref name="code"/>, oldest first (almost
    /// always none or one). Every step is computed and compared in constant time, so timing says nothing about which one
    /// matched; the store, not this method, decides whether a matching step was already used.
    /// </summary>
    public static long[] MatchingSteps(byte[] secret, string code, DateTimeOffset now, int skewSteps)
    {
        var totp = new OtpNet.Totp(secret, PeriodSeconds, OtpHashMode.Sha1, Digits);
        var presented = Encoding.ASCII.GetBytes(code);
        var current = StepAt(now);
        var matches = new List<long>(1);
        for (var step = current - skewSteps; step <= current + skewSteps; step++)
        {
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(totp.ComputeTotp(StartOf(step))), presented))
            {
                matches.Add(step);
            }
        }

        return [.. matches];
    }

    private static DateTime StartOf(long step) => DateTimeOffset.FromUnixTimeSeconds(step * PeriodSeconds).UtcDateTime;
}
