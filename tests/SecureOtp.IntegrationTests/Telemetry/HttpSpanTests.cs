using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Telemetry;

/// <summary>
/// What a trace backend receives over OTLP: server spans named and described by the HTTP semantic conventions, no spans
/// for health probes, and provider calls that carry W3C <c>traceparent</c> so the provider's side joins the same trace.
/// </summary>
[NonParallelizable]
public sealed class HttpSpanTests
{
    private static readonly string[] ProviderPaths = [RecordingProviders.SmsPath, RecordingProviders.TokenPath, RecordingProviders.SimSwapPath];

    [Test]
    public async Task SendSpan_IsNamedMethodAndRoute_WithHttpAttributes_AndProbesAreNotTraced()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var providers = await RecordingProviders.StartAsync();

        var spans = await ExportedSpansAsync(receiver, providers, async client =>
        {
            for (var probe = 0; probe < 3; probe++)
            {
                using var live = await client.Http.GetAsync("/health/live");
                using var ready = await client.Http.GetAsync("/health/ready");
                Assert.That((live.StatusCode, ready.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK)));
            }

            await client.StartAsync(OtpClient.NewUserId());
        }, exported => exported.Any(s => s.Name == "POST /otp/send"));

        var server = spans.Single(s => s.Name == "POST /otp/send");
        Assert.Multiple(() =>
        {
            Assert.That(server.Kind, Is.EqualTo(OtlpSpan.ServerKind));
            Assert.That(server.Scope, Is.EqualTo("Microsoft.AspNetCore"));
            Assert.That(server.Attributes["http.route"], Is.EqualTo("/otp/send"));
            Assert.That(server.Attributes["http.request.method"], Is.EqualTo("POST"));
            Assert.That(server.Attributes["http.response.status_code"], Is.EqualTo(202L));
            Assert.That(spans.Select(s => s.Name), Does.Not.Contain("Microsoft.AspNetCore.Hosting.HttpRequestIn"));
            Assert.That(spans.Where(IsHealthProbe).Select(s => s.Name), Is.Empty, "probes every 2 s would flood the trace backend");
            Assert.That(spans.Single(s => s.Name == "otp.send").ParentSpanId, Is.EqualTo(server.SpanId), "our span sits under the server span");
        });
    }

    [Test]
    public async Task ProviderCalls_CarryTraceparent_NamingTheExportedClientSpan()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var providers = await RecordingProviders.StartAsync();

        var spans = await ExportedSpansAsync(receiver, providers, client => client.StartAsync(OtpClient.NewUserId()),
            exported => ProviderPaths.All(path => ClientSpanFor(providers.TraceparentOf(path), exported) is not null));

        var server = spans.Single(s => s.Name == "POST /otp/send");
        foreach (var path in ProviderPaths)
        {
            var traceparent = providers.TraceparentOf(path);
            var caller = ClientSpanFor(traceparent, spans);
            Assert.That(caller, Is.Not.Null, $"{path} got traceparent '{traceparent}', which names no exported span");
            Assert.Multiple(() =>
            {
                Assert.That(caller!.Kind, Is.EqualTo(OtlpSpan.ClientKind), path);
                Assert.That(caller.TraceId, Is.EqualTo(server.TraceId), $"{path} is called within the send's trace");
                Assert.That(caller.Attributes["http.request.method"], Is.EqualTo("POST"), path);
            });
        }
    }

    [Test]
    public async Task ProviderCalls_ContinueTheCallersTrace_WithNoExporterConfigured()
    {
        await using var providers = await RecordingProviders.StartAsync();
        using var app = new SecureOtpApp(StoreKind.Redis, providers.ServiceSettings());
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var callerSpanId = ActivitySpanId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/otp/send")
        {
            Content = JsonContent.Create(new { userId = OtpClient.NewUserId(), phoneNumber = OtpClient.NewPhone() }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpanId}-01");

        using var response = await OtpClient.For(app).Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        foreach (var path in ProviderPaths)
        {
            var parts = providers.TraceparentOf(path).Split('-');
            Assert.That(parts, Has.Length.EqualTo(4), $"{path} got a W3C traceparent");
            Assert.Multiple(() =>
            {
                Assert.That(parts[1], Is.EqualTo(traceId), $"{path} continues the caller's trace");
                Assert.That(parts[2], Is.Not.EqualTo(callerSpanId), $"{path} names our span, not the caller's");
            });
        }
    }

    /// <summary>
    /// Runs the service, exporting to <paramref name="receiver"/> and calling <paramref name="providers"/>, does
    /// <paramref name="act"/>, and returns every span exported once <paramref name="exported"/> holds of them.
    /// </summary>
    private static async Task<List<OtlpSpan>> ExportedSpansAsync(OtlpReceiver receiver, RecordingProviders providers,
        Func<OtpClient, Task> act, Func<List<OtlpSpan>, bool> exported)
    {
        using (OtlpEnvironment.PointAt(receiver))
        {
            using var app = new SecureOtpApp(StoreKind.Redis, providers.ServiceSettings());
            await act(OtpClient.For(app));
            await OtlpEnvironment.WaitUntil(() => exported(Spans(receiver)));
        }

        return Spans(receiver);
    }

    private static List<OtlpSpan> Spans(OtlpReceiver receiver) =>
        receiver.Received.TryGetValue("traces", out var bodies) ? [.. bodies.SelectMany(b => OtlpSpans.Read(b.Body))] : [];

    /// <summary>The exported span a <c>traceparent</c> names as the parent: <c>00-{trace id}-{span id}-{flags}</c>.</summary>
    private static OtlpSpan? ClientSpanFor(string traceparent, List<OtlpSpan> spans)
    {
        var parts = traceparent.Split('-');
        return parts.Length == 4 ? spans.FirstOrDefault(s => s.TraceId == parts[1] && s.SpanId == parts[2]) : null;
    }

    private static bool IsHealthProbe(OtlpSpan span) =>
        span.Name.Contains("/health", StringComparison.Ordinal)
        || span.Attributes.Values.OfType<string>().Any(v => v.StartsWith("/health", StringComparison.Ordinal));
}
