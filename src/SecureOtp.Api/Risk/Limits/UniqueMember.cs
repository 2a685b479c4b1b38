using System.Buffers.Text;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Risk.Limits;

/// <summary>A random id for one entry of a sliding-window log, so exactly that entry can be found (and given back) later.
/// 64 bits: two entries of one log alike is out of reach even at the largest limits (100,000 in a window), and every
/// byte is paid once per entry in Redis.</summary>
internal static class UniqueMember
{
    public static string New() => Base64Url.EncodeToString(SecureRandom.GetBytes(8));
}
