using System.Net;

namespace SecureOtp.FakeProvider.Hosting;

internal static class LoopbackAddress
{
    /// <summary>True for <c>localhost</c>, 127.0.0.0/8, <c>[::1]</c> and Unix sockets; false for <c>*</c>, <c>+</c>, 0.0.0.0 or a LAN address.</summary>
    public static bool IsLoopbackUrl(string url)
    {
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (FormatException)
        {
            return false;
        }

        if (address.IsUnixPipe)
        {
            return true;
        }

        var host = address.Host.Trim('[', ']');
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }
}
