namespace SecureOtp.Api.Sms;

/// <summary>
/// The GSM 03.38 default alphabet. A text made only of these characters goes as GSM-7 (160 characters a part);
/// anything else forces UCS-2 (<c>type=unicode</c>, 70 a part), which more than doubles the cost of a long text.
/// </summary>
internal static class Gsm7
{
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    /// <summary>Characters of the extension table: each costs two septets (an escape, then the character).</summary>
    private const string Extension = "^{}\\[~]|€\f";

    private static readonly HashSet<char> BasicSet = [.. Basic];
    private static readonly HashSet<char> ExtensionSet = [.. Extension];

    public static bool IsGsm7(string text) => text.All(c => BasicSet.Contains(c) || ExtensionSet.Contains(c));

    /// <summary>Length in septets as a handset counts it; only meaningful when <see cref="IsGsm7"/> holds.</summary>
    public static int SeptetLength(string text) => text.Sum(c => ExtensionSet.Contains(c) ? 2 : 1);

    /// <summary>How many billed parts the text takes (single part: 160 GSM-7 / 70 UCS-2; concatenated: 153 / 67).</summary>
    public static int Parts(string text)
    {
        var (length, single, multi) = IsGsm7(text) ? (SeptetLength(text), 160, 153) : (text.Length, 70, 67);
        return length <= single ? 1 : (length + multi - 1) / multi;
    }
}
