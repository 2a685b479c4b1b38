using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Telemetry;

/// <summary>
/// Every metric name the dashboard and the alert rules query is one the service really emits, as the OTel Collector's
/// Prometheus exporter names it (dots → underscores, unit suffix, <c>_total</c> on counters, <c>_bucket/_sum/_count</c> on
/// histograms). The service runs on real Kestrel here, so Kestrel's own meter is published too.
/// </summary>
public sealed partial class MetricNamesTests
{
    private static readonly string[] LabelNames = ["http_route", "http_request_method", "http_response_status_code", "server_address"];

    [Test]
    public async Task DashboardAndAlertRules_UseOnlyMetricsTheServiceEmits()
    {
        var published = new HashSet<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                lock (published)
                {
                    foreach (var name in PrometheusNames(instrument))
                    {
                        published.Add(name);
                    }
                }
            },
        };
        listener.Start();

        using var vonage = FakeVonageServer.Start();
        using var app = new SecureOtpApp(StoreKind.Redis, vonage.ServiceSettings());
        app.UseKestrel(0);
        app.StartServer();
        using var http = app.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", TestApiKeys.Full);
        var client = new OtpClient(http);
        var userId = OtpClient.NewUserId();
        var id = await client.StartAsync(userId);
        using (await client.VerifyAsync(id, "000000", userId))
        {
        }

        var queried = QueriedNames().ToList();
        TestContext.Out.WriteLine($"queried: {string.Join(", ", queried)}");
        Assert.That(queried, Has.Count.GreaterThan(10), "the artifacts were read");
        lock (published)
        {
            Assert.That(queried.Where(q => !published.Contains(q)), Is.Empty,
                "names the artifacts query that the service does not emit; emitted: " + string.Join(", ", published.Order()));
        }
    }

    /// <summary>The names the Collector's Prometheus exporter gives an instrument's series.</summary>
    private static IEnumerable<string> PrometheusNames(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_');
        var unit = instrument.Unit switch
        {
            "s" => "_seconds",
            "By" => "_bytes",
            "ms" => "_milliseconds",
            _ => "",
        };
        if (!name.EndsWith(unit, StringComparison.Ordinal))
        {
            name += unit;
        }

        var kind = instrument.GetType().Name;
        if (kind.StartsWith("Histogram", StringComparison.Ordinal))
        {
            return [name + "_bucket", name + "_sum", name + "_count"];
        }

        return kind.StartsWith("Counter", StringComparison.Ordinal) || kind.StartsWith("ObservableCounter", StringComparison.Ordinal)
            ? [name + "_total"]
            : [name];
    }

    private static IEnumerable<string> QueriedNames()
    {
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
        var files = new[]
        {
            Path.Combine(root, "helm", "secure-otp", "files", "grafana-dashboard.json"),
            Path.Combine(root, "helm", "secure-otp", "files", "prometheus-alerts.yaml"),
        };
        return files.SelectMany(f => MetricName().Matches(File.ReadAllText(f)).Select(m => m.Value))
            .Where(n => n != "secureotp_" && !LabelNames.Contains(n)) // a template-variable regex prefix and label names are not metrics
            .Distinct();
    }

    [GeneratedRegex(@"\b(secureotp|http|dotnet|kestrel)_[a-z_]+\b")]
    private static partial Regex MetricName();
}
