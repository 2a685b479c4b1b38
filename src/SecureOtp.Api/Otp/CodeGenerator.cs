using SecureOtp.Api.Security;

namespace SecureOtp.Api.Otp;

/// <summary>One-time codes: each digit an independent, uniform draw from the OS CSPRNG (through <see cref="SecureRandom"/>).</summary>
internal static class CodeGenerator
{
    private const string Digits = "0123456789";

    public static string NewCode(int length) => SecureRandom.GetString(Digits, length);

    /// <summary>Only ASCII digits count: <c>char.IsDigit</c> would also accept Arabic-Indic and other digits.</summary>
    public static bool IsWellFormed(string? code, int length) =>
        code is not null && code.Length == length && code.All(char.IsAsciiDigit);
}
