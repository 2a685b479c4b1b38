using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace SecureOtp.Testing.Redis;

/// <summary>Ports picked at run time, so parallel runs and leftovers never collide.</summary>
public static class LoopbackPorts
{
    /// <summary>A port the system just handed out as free.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Free ports whose cluster-bus port (+10000) is free too.</summary>
    public static int[] FreeWithBusPorts(int count)
    {
        var ports = new List<int>();
        while (ports.Count < count)
        {
            var port = RandomNumberGenerator.GetInt32(20_000, 30_000);
            if (!ports.Contains(port) && IsFree(port) && IsFree(port + 10_000))
            {
                ports.Add(port);
            }
        }

        return [.. ports];
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
