using OtpNet;
using QRCoder;

namespace SecureOtp.Api.Totp;

/// <summary>
/// What an authenticator app scans: the Key Uri Format's <c>otpauth://totp/&lt;issuer&gt;:&lt;account&gt;?secret=…&amp;issuer=…&amp;algorithm=SHA1&amp;digits=6&amp;period=30</c>
/// (Otp.NET's <see cref="OtpUri"/>, which escapes the label) and that URI as an SVG QR code (QRCoder).
/// </summary>
internal static class TotpProvisioning
{
    public static string Base32(byte[] secret) => Base32Encoding.ToString(secret);

    public static string OtpauthUri(string base32Secret, string issuer, string accountName) =>
        new OtpUri(OtpType.Totp, base32Secret, accountName, issuer, OtpHashMode.Sha1, TotpCodes.Digits, TotpCodes.PeriodSeconds).ToString();

    /// <summary>Error correction M (15 %): a phone camera reads it off a screen; a higher level only makes it denser.</summary>
    public static string QrCodeSvg(string otpauthUri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(otpauthUri, QRCodeGenerator.ECCLevel.M);
        using var svg = new SvgQRCode(data);
        return svg.GetGraphic(4);
    }
}
