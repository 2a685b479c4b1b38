using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;

namespace SecureOtp.FakeProvider.Faults;

/// <summary>The <c>drop</c> fault, shared by the SMS and SIM-swap endpoints.</summary>
internal static class DroppedConnection
{
    /// <summary>
    /// Ends the connection with no status line: what a gateway that died mid-request looks like. Kestrel's abort alone
    /// resets the connection (curl: "Connection reset by peer"); closing our sending side first makes the client read
    /// a clean end of stream instead ("Empty reply from server"), the more common and more ambiguous case.
    /// </summary>
    public static void Close(HttpContext context)
    {
        // Absent when hosted in-process (TestServer): the abort alone still leaves the client without an answer.
        context.Features.Get<IConnectionSocketFeature>()?.Socket.Shutdown(SocketShutdown.Send);
        context.Abort();
    }
}
