using SecureOtp.Api.Risk.Limits;

namespace SecureOtp.UnitTests.Risk.Limits;

public sealed class ClientNetworkTests
{
    [TestCase("203.0.113.9", "203.0.113.9")]
    [TestCase("::ffff:203.0.113.9", "203.0.113.9")]
    [TestCase("::FFFF:cb00:7109", "203.0.113.9")]
    public void Ipv4_AndItsMappedForm_CountAsOneAddress(string ip, string expected) =>
        Assert.That(ClientNetwork.Of(ip, 64), Is.EqualTo(expected));

    /// <summary>Every other way IPv6 writes a whole IPv4 address counts as that address, whatever the prefix length.</summary>
    [TestCase("::203.0.113.9", Description = "IPv4-compatible (RFC 4291)")]
    [TestCase("::cb00:7109", Description = "IPv4-compatible, in hex")]
    [TestCase("::ffff:0:203.0.113.9", Description = "IPv4-translated (RFC 2765)")]
    [TestCase("64:ff9b::203.0.113.9", Description = "NAT64 well-known prefix (RFC 6052)")]
    [TestCase("64:FF9B::cb00:7109", Description = "NAT64, in hex")]
    [TestCase("2002:cb00:7109::1", Description = "6to4 (RFC 3056)")]
    [TestCase("2002:cb00:7109:ffff:1:2:3:4", Description = "6to4, another host of the same site")]
    public void Ipv4InsideIpv6_CountsAsTheIpv4Address(string ip)
    {
        Assert.That(ClientNetwork.Of(ip, 64), Is.EqualTo("203.0.113.9"));
        Assert.That(ClientNetwork.Of(ip, 128), Is.EqualTo("203.0.113.9"));
    }

    [TestCase("::1", "::/64")]
    [TestCase("::", "::/64")]
    [TestCase("64:ff9b:1::cb00:7109", "64:ff9b:1::/64")]
    [TestCase("2003:cb00:7109::1", "2003:cb00:7109::/64")]
    public void Ipv6ThatCarriesNoWholeIpv4_StaysIpv6(string ip, string expected) =>
        Assert.That(ClientNetwork.Of(ip, 64), Is.EqualTo(expected));

    [TestCase("2001:db8:1:2::1")]
    [TestCase("2001:db8:1:2:ffff:ffff:ffff:ffff")]
    [TestCase("2001:DB8:1:2:a:b:c:d")]
    [TestCase("2001:0db8:0001:0002:0000:0000:0000:0042")]
    public void Ipv6_EveryAddressOfOne64_CountsAsOneNetwork(string ip) =>
        Assert.That(ClientNetwork.Of(ip, 64), Is.EqualTo("2001:db8:1:2::/64"));

    [Test]
    public void Ipv6_NeighbouringNetworks_CountApart() =>
        Assert.That(ClientNetwork.Of("2001:db8:1:3::1", 64), Is.Not.EqualTo(ClientNetwork.Of("2001:db8:1:2::1", 64)));

    [TestCase(48, "2001:db8:1::/48")]
    [TestCase(56, "2001:db8:1:200::/56")]
    [TestCase(128, "2001:db8:1:2ff::1/128")]
    public void Ipv6_PrefixLength_IsConfigurable(int prefixLength, string expected) =>
        Assert.That(ClientNetwork.Of("2001:db8:1:2ff::1", prefixLength), Is.EqualTo(expected));
}
