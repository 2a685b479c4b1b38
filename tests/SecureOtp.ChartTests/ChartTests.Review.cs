using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace SecureOtp.ChartTests;

/// <summary>
/// What the SRE review of the chart found (issue 17), as far as it shows without rendering: the values schema refuses
/// what the service refuses, and the defaults and shipped files are right. helm/check.sh renders the chart and runs
/// the cases that need helm.
/// </summary>
public sealed partial class ChartTests
{
    private static readonly string[] InternetCidrs = ["0.0.0.0/0", "::/0"];

    private static IEnumerable<string> ValueSets() =>
        Directory.EnumerateFiles(Path.Combine(Chart, "ci"), "*.yaml").Select(Path.GetFileName).OfType<string>().Order();

    [TestCaseSource(nameof(ValueSets))]
    public void EveryCiValueSet_MergedOverTheDefaults_ValidatesAgainstTheSchema(string file)
    {
        var values = Yaml("values.yaml");
        values.Merge(Yaml(Path.Combine("ci", file)), new JsonMergeSettings { MergeArrayHandling = MergeArrayHandling.Replace });

        Assert.That(SchemaErrors(values), Is.Empty);
    }

    [TestCase("development")]
    [TestCase("DEVELOPMENT")]
    [TestCase("Development")]
    [TestCase(" development ")]
    public void EnvironmentDevelopment_InAnyCasing_FailsTheSchema(string environment)
    {
        var values = Yaml("values.yaml");
        values["environment"] = environment;

        Assert.That(SchemaErrors(values), Has.Some.StartWith("/environment:"), "ASP.NET compares the environment name case-insensitively");
    }

    [Test]
    public void AnUnknownTopLevelKey_FailsTheSchema()
    {
        var values = Yaml("values.yaml");
        values["replicas"] = 3; // a typo of replicaCount, silently ignored before

        Assert.That(SchemaErrors(values), Has.Some.StartWith("/replicas:"));
    }

    // The bounds of the service's options validators (OtpOptionsValidator, LimitOptionsValidator, RedisOptionsValidator,
    // SmsOptionsValidator, SimSwapOptionsValidator, DeliveryOptionsValidator): a value they refuse must fail the install, not crash-loop the pods.
    [TestCase("otp.maxAttempts", 11)]
    [TestCase("limits.prefixDigits", 3)]
    [TestCase("limits.failedVerifiesPerUserPerDay", 101)]
    [TestCase("limits.sendsPerPhonePerDay", 100_001)]
    [TestCase("redis.waitForReplicas", 6)]
    [TestCase("redis.keyPrefix", "{so}")]
    [TestCase("sms.resilience.maxRetries", 6)]
    [TestCase("sms.brand", "")]
    [TestCase("simSwap.maxAgeHours", 2401)]
    [TestCase("otp.ttl", "5m")]
    [TestCase("delivery.voice.from", "+447700900000")]
    [TestCase("delivery.whatsapp.from", "447700")]
    [TestCase("delivery.vonage.baseUrl", "api.nexmo.com")]
    [TestCase("delivery.channelTimeout", "45s")]
    [TestCase("delivery.resilience.maxRetries", 6)]
    public void AValueTheServiceRefuses_FailsTheSchema(string path, object value)
    {
        var values = Yaml("values.yaml");
        values.SelectToken(path)!.Replace(JToken.FromObject(value));

        Assert.That(SchemaErrors(values), Has.Some.StartWith("/" + path.Replace('.', '/') + ":"));
    }

    [Test]
    public void ReadinessDefaults_KeepAPodInTheServiceThrough20SecondsOfFailedPings()
    {
        var probe = Yaml("values.yaml")["readinessProbe"]!;

        Assert.That((int)probe["failureThreshold"]! * (int)probe["periodSeconds"]!, Is.GreaterThanOrEqualTo(20),
            "one slow PING to the shared Redis must not take every pod out of the Service");
    }

    [Test]
    public void ProviderEgress_DefaultsToTheIPv4AndIPv6Internet()
    {
        var cidrs = Yaml("values.yaml").SelectToken("networkPolicy.egress.providers.ipBlocks")!.Select(b => (string?)b["cidr"]);

        Assert.That(cidrs, Is.EquivalentTo(InternetCidrs));
    }

    [Test]
    public void PrometheusRuleLabels_DefaultToTheReleaseLabelKubePrometheusStackSelects()
    {
        var labels = (JObject)Yaml("values.yaml").SelectToken("metrics.prometheusRule.labels")!;

        Assert.That((string?)labels["release"], Is.EqualTo("kube-prometheus-stack"));
    }

    [Test]
    public void EveryAlert_LinksItsOwnRunbookSection_WithAnAbsoluteUrl()
    {
        var rules = File.ReadAllText(Path.Combine(Chart, "files", "prometheus-alerts.yaml"));
        var sections = RunbookHeading().Matches(File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "operations.md")))
            .Select(m => m.Groups[1].Value.ToLowerInvariant()).ToHashSet();
        var alerts = AlertRule().Matches(rules).Select(m => (Alert: m.Groups[1].Value, Url: m.Groups[2].Value)).ToList();

        Assert.That(alerts, Has.Count.EqualTo(AlertName().Count(rules)), "every alert has a runbook_url");
        Assert.Multiple(() =>
        {
            foreach (var (alert, url) in alerts)
            {
                Assert.That(url, Does.StartWith("https://").And.EndWith("/docs/operations.md#" + alert.ToLowerInvariant()), alert);
                Assert.That(sections, Does.Contain(alert.ToLowerInvariant()), $"docs/operations.md has no section for {alert}");
            }
        });
    }

    [Test]
    public void ChartYaml_DeclaresTheKubernetesVersionsItSupports()
    {
        Assert.That(Yaml("Chart.yaml")["kubeVersion"]?.ToString(), Does.StartWith(">="));
    }

    [Test]
    public void TheDashboardAndAlertRules_HaveOneCopy_InTheChart()
    {
        var twins = Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "deploy"), "*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f) is ".json" or ".yaml" or ".yml");

        Assert.That(twins, Is.Empty, "helm/secure-otp/files/ holds the only copy");
    }

    [GeneratedRegex(@"^###\s+(\w+)\s*$", RegexOptions.Multiline)]
    private static partial Regex RunbookHeading();

    [GeneratedRegex(@"- alert:\s*(\w+)(?:(?!- alert:).)*?runbook_url:\s*""([^""]+)""", RegexOptions.Singleline)]
    private static partial Regex AlertRule();

    [GeneratedRegex(@"- alert:\s*\w+")]
    private static partial Regex AlertName();
}
