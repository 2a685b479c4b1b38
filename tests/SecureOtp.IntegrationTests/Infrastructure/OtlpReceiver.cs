using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SecureOtp.IntegrationTests.Infrastructure;

/// <summary>
/// A small OTLP/HTTP receiver on a free loopback port: keeps the raw protobuf bodies POSTed to /v1/traces, /v1/metrics
/// and /v1/logs. Strings (span names, metric names, attribute values, log bodies) travel as plain UTF-8 inside protobuf,
/// so tests can look for them — and for anything that must never be there — without a protobuf library.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication app;

    private OtlpReceiver(WebApplication app, Uri endpoint)
    {
        this.app = app;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public ConcurrentDictionary<string, ConcurrentBag<(string ContentType, byte[] Body)>> Received { get; } = new();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var (app, baseUrl) = LoopbackWebApp.Create();
        var receiver = new OtlpReceiver(app, baseUrl);
        app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            receiver.Received.GetOrAdd(signal, _ => []).Add((request.ContentType ?? "", buffer.ToArray()));
            return Results.Ok();
        });
        await app.StartAsync();
        return receiver;
    }

    public bool Contains(string signal, string text) =>
        Received.TryGetValue(signal, out var bodies)
        && bodies.Any(b => b.Body.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0);

    public IEnumerable<byte[]> AllBodies => Received.Values.SelectMany(b => b.Select(x => x.Body));

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
