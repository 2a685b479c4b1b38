namespace SecureOtp.UnitTests.TestSupport;

/// <summary>The GSM 03.38 default alphabet: what one SMS part of 160 septets can carry without switching to UCS-2.</summary>
internal static class Gsm7Reference
{
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    /// <summary>Reached through the escape character, so each costs two septets.</summary>
    private const string Extension = "\f^{}\\[~]|€";

    /// <summary>The septets <paramref name="text"/> needs, or null when a character is outside the alphabet.</summary>
    public static int? Septets(string text)
    {
        var septets = 0;
        foreach (var c in text)
        {
            if (Basic.Contains(c, StringComparison.Ordinal))
            {
                septets += 1;
            }
            else if (Extension.Contains(c, StringComparison.Ordinal))
            {
                septets += 2;
            }
            else
            {
                return null;
            }
        }

        return septets;
    }
}
