using System.Buffers.Text;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Risk.Limits;

/// <summary>A random id for one entry of a sliding-window log, so exactly that entry can be found (and given back) later.</summary>
internal static class UniqueMember
{
    public static string New() => Base64Url.EncodeToString(SecureRandom.GetBytes(12));
}
