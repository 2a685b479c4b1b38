using SecureOtp.FakeProvider.Sms;

namespace SecureOtp.FakeProvider.SimSwap;

/// <summary>
/// CAMARA writes numbers as <c>+346661113334</c>, Identity Insights as <c>33601020304</c>; answers, faults and counters
/// are kept under the digits alone, so a number set up once answers on both APIs.
/// </summary>
internal static class PhoneNumbers
{
    /// <summary>The key: E.164 digits with any leading '+' dropped (null when blank).</summary>
    public static string? Key(string? phoneNumber) => Destination.Normalize(phoneNumber);

    /// <summary>CAMARA's form: '+' followed by 8 to 15 ASCII digits.</summary>
    public static bool IsCamara(string phoneNumber) =>
        phoneNumber is ['+', .. var digits] && digits.Length is >= 8 and <= 15 && digits.All(char.IsAsciiDigit);

    /// <summary>Vonage's form: 7 to 15 digits, no '+' (as for the SMS API).</summary>
    public static bool IsVonage(string phoneNumber) => Destination.IsValid(phoneNumber);
}
