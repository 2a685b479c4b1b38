using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SecureOtp.IntegrationTests.Infrastructure;

/// <summary>
/// HTTP/1.1 written byte for byte to a real Kestrel socket, for what HttpClient will not send and TestServer does not
/// check (Kestrel's line and header limits, malformed framing). One request per connection.
/// </summary>
public static class RawHttp
{
    public sealed record Response(int Status, IReadOnlyDictionary<string, string> Headers, string Body);

    public static async Task<Response> SendAsync(Uri server, string head, string body = "")
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)); // a guard against a hang, not a measurement
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port, timeout.Token);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head + "\r\n\r\n" + body), timeout.Token);

        // Kestrel closes the connection after refusing a request; the other requests ask it to (Connection: close).
        using var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received, timeout.Token);
        }
        catch (IOException)
        {
            // a reset after the answer was written: what was read is the answer
        }

        return Parse(Encoding.UTF8.GetString(received.ToArray()));
    }

    private static Response Parse(string text)
    {
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.That(end, Is.GreaterThan(0), $"no complete answer: {text}");
        var lines = text[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2))
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var body = text[(end + 4)..];
        return new Response(status, headers,
            headers.GetValueOrDefault("Transfer-Encoding") == "chunked" ? Unchunk(body) : body);
    }

    private static string Unchunk(string chunked)
    {
        var body = new StringBuilder();
        var at = 0;
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[at..lineEnd].Split(';')[0], 16);
            if (size == 0)
            {
                return body.ToString();
            }

            body.Append(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
