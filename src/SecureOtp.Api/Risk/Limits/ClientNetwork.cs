using System.Globalization;
using System.Net;

namespace SecureOtp.Api.Risk.Limits;

/// <summary>
/// What a per-IP limit counts: one end user's network, not one spelling of one address. An IPv6 host usually owns a
/// whole /64 (SLAAC, privacy addresses), so counting single addresses would let it pick a fresh one per request; an
/// IPv4-mapped IPv6 address (<c>::ffff:203.0.113.9</c>) is the IPv4 address it maps.
/// </summary>
internal static class ClientNetwork
{
    /// <summary>"203.0.113.9" for IPv4 (mapped or not), "2001:db8:1:2::/64" for IPv6 at a 64-bit prefix.</summary>
    public static string Of(string ip, int ipv6PrefixLength)
    {
        if (!IPAddress.TryParse(ip, out var address))
        {
            return ip; // validated before; kept as given rather than failing a send over it
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        for (var bit = ipv6PrefixLength; bit < 128; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new IPAddress(bytes).ToString() + "/" + ipv6PrefixLength.ToString(CultureInfo.InvariantCulture);
    }
}
