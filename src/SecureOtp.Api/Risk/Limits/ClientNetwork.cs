using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SecureOtp.Api.Risk.Limits;

/// <summary>
/// What a per-IP limit counts: one end user's network, not one spelling of one address. An IPv6 host usually owns a
/// whole /64 (SLAAC, privacy addresses), so counting single addresses would let it pick a fresh one per request; an
/// IPv6 address that carries an IPv4 address (<see cref="EmbeddedIpv4"/>) is that IPv4 address, so one IPv4 client
/// cannot buy a fresh budget by writing its address another way.
/// </summary>
internal static class ClientNetwork
{
    /// <summary>"203.0.113.9" for IPv4 (or IPv4 inside IPv6), "2001:db8:1:2::/64" for IPv6 at a 64-bit prefix.</summary>
    public static string Of(string ip, int ipv6PrefixLength)
    {
        if (!IPAddress.TryParse(ip, out var address))
        {
            return ip; // validated before; kept as given rather than failing a send over it
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        if (EmbeddedIpv4(bytes) is { } ipv4)
        {
            return ipv4.ToString();
        }

        for (var bit = ipv6PrefixLength; bit < 128; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new IPAddress(bytes).ToString() + "/" + ipv6PrefixLength.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The IPv4 address an IPv6 address stands for, when it is one of the forms that carry it whole: IPv4-mapped
    /// <c>::ffff:a.b.c.d</c>, IPv4-compatible <c>::a.b.c.d</c> (RFC 4291; not <c>::</c> or <c>::1</c>), IPv4-translated
    /// <c>::ffff:0:a.b.c.d</c> (RFC 2765), the NAT64 well-known prefix <c>64:ff9b::/96</c> (RFC 6052) and 6to4
    /// <c>2002:aabb:ccdd::/48</c> (RFC 3056: the whole /48 is the site behind that one IPv4 address).
    /// </summary>
    private static IPAddress? EmbeddedIpv4(ReadOnlySpan<byte> ipv6)
    {
        if (ipv6[0] == 0x20 && ipv6[1] == 0x02)
        {
            return new IPAddress(ipv6[2..6]);
        }

        ReadOnlySpan<byte> head = ipv6[..12];
        var tail = ipv6[12..];
        var carriesIpv4 = head.SequenceEqual(Ipv4MappedHead) || head.SequenceEqual(Ipv4TranslatedHead)
            || head.SequenceEqual(Nat64WellKnownHead)
            || (!head.ContainsAnyExcept((byte)0) && System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(tail) > 1);
        return carriesIpv4 ? new IPAddress(tail) : null;
    }

    private static ReadOnlySpan<byte> Ipv4MappedHead => [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

    private static ReadOnlySpan<byte> Ipv4TranslatedHead => [0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0];

    private static ReadOnlySpan<byte> Nat64WellKnownHead => [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0];
}
