using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SecureOtp.ChartTests;

/// <summary>
/// helm/secure-otp checked without helm (helm/check.sh renders it and validates the objects): the YAML parses, the
/// defaults satisfy the schema, every value a template uses exists, every documented value is used, and the secure
/// defaults stay on.
/// </summary>
public sealed partial class ChartTests
{
    private static readonly string Chart = Path.Combine(RepositoryRoot(), "helm", "secure-otp");

    // Declared after Chart, in this file, because static initializers run in textual order only within one file.
    private static readonly JsonSchema Schema = JsonSchema.FromFile(Path.Combine(Chart, "values.schema.json"));

    [Test]
    public void ChartYaml_Parses_AndNamesTheChart()
    {
        var chart = Yaml("Chart.yaml");
        Assert.That(chart["apiVersion"]?.ToString(), Is.EqualTo("v2"));
        Assert.That(chart["name"]?.ToString(), Is.EqualTo("secure-otp"));
        Assert.That(chart["version"]?.ToString(), Does.Match(@"^\d+\.\d+\.\d+"));
    }

    /// <summary>Grafana keys panel state by id: two panels with one id (there were three such pairs) fight over it.</summary>
    [Test]
    public void Dashboard_GivesEveryPanelItsOwnId()
    {
        var dashboard = JObject.Parse(File.ReadAllText(Path.Combine(Chart, "files", "grafana-dashboard.json")));
        var ids = dashboard["panels"]!.Select(panel => (int)panel["id"]!).ToList();
        Assert.That(ids, Is.Unique);
    }

    [Test]
    public void DefaultValues_ValidateAgainstTheSchema()
    {
        Assert.That(SchemaErrors(Yaml("values.yaml")), Is.Empty);
    }

    [TestCase("redis", "mode", "replica")]
    [TestCase("simSwap", "policy", "Warn")]
    [TestCase("simSwap", "provider", "Twilio")]
    public void AnInvalidValue_FailsTheSchema(string section, string key, string value)
    {
        var values = Yaml("values.yaml");
        values[section]![key] = value;

        Assert.That(SchemaErrors(values), Has.Some.StartWith($"/{section}/{key}:"));
    }

    [Test]
    public void EveryValueATemplateUses_ExistsInValuesYaml()
    {
        var values = Yaml("values.yaml");
        var missing = TemplateReferences().Where(path => !Exists(values, path)).ToList();

        Assert.That(missing, Is.Empty, "templates use values that values.yaml lacks");
    }

    [Test]
    public void EveryDocumentedValue_IsUsedByATemplate()
    {
        var used = TemplateReferences().ToList();
        var documented = ParamPattern().Matches(File.ReadAllText(Path.Combine(Chart, "values.yaml"))).Select(m => m.Groups[1].Value).ToList();
        Assert.That(documented, Has.Count.GreaterThan(20));

        var unused = documented.Where(p => !used.Any(u => u == p || u.StartsWith(p + ".", StringComparison.Ordinal)
            || p.StartsWith(u + ".", StringComparison.Ordinal))).ToList();
        Assert.That(unused, Is.Empty, "documented values no template uses");
    }

    [Test]
    public void Defaults_KeepTheSecureSettings()
    {
        var values = Yaml("values.yaml");
        Assert.Multiple(() =>
        {
            Assert.That((bool?)values.SelectToken("podSecurityContext.runAsNonRoot"), Is.True);
            Assert.That((bool?)values.SelectToken("containerSecurityContext.runAsNonRoot"), Is.True);
            Assert.That((bool?)values.SelectToken("containerSecurityContext.readOnlyRootFilesystem"), Is.True);
            Assert.That((bool?)values.SelectToken("containerSecurityContext.allowPrivilegeEscalation"), Is.False);
            Assert.That(values.SelectToken("containerSecurityContext.capabilities.drop")!.Values<string>(), Does.Contain("ALL"));
            Assert.That((string?)values.SelectToken("containerSecurityContext.seccompProfile.type"), Is.EqualTo("RuntimeDefault"));
            Assert.That((bool?)values.SelectToken("automountServiceAccountToken"), Is.False);
            Assert.That((bool?)values.SelectToken("pdb.create"), Is.True);
            Assert.That((bool?)values.SelectToken("networkPolicy.enabled"), Is.True);
            Assert.That((bool?)values.SelectToken("autoscaling.enabled"), Is.True);
        });

        var deployment = File.ReadAllText(Path.Combine(Chart, "templates", "deployment.yaml"));
        Assert.That(deployment, Does.Contain("/health/live").And.Contain("/health/ready"));
        Assert.That(deployment, Does.Contain("secretKeyRef"), "secrets come from existingSecret");
    }

    [Test]
    public void NoSecretHasAPlaintextDefault()
    {
        var values = File.ReadAllText(Path.Combine(Chart, "values.yaml"));
        Assert.That(values, Does.Not.Match("(?i)(apiSecret|clientSecret|password|hashKey)\\s*:\\s*\"?[A-Za-z0-9+/=]{12,}"),
            "secret material belongs in existingSecret, never in values");
    }

    private static IEnumerable<string> TemplateReferences() =>
        Directory.EnumerateFiles(Path.Combine(Chart, "templates"))
            .SelectMany(f => ValuesReference().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value.TrimEnd('.')))
            .Distinct();

    private static bool Exists(JToken values, string path)
    {
        JToken? node = values;
        foreach (var part in path.Split('.'))
        {
            node = node is JObject obj && obj.TryGetValue(part, out var child) ? child : null;
            if (node is null)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Each schema violation as "instance location: message" (a JSON Pointer, "" for the root); none when valid.</summary>
    private static List<string> SchemaErrors(JObject values)
    {
        using var json = JsonDocument.Parse(values.ToString(Formatting.None));
        return [.. Violations(Schema.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical }))];
    }

    // Walks failing nodes only: a subschema that fails inside a passing `not` or `contains` is no violation, nor is a false
    // `if` condition. A node that fails with no message and no failing child (a `not` whose subschema matched) is
    // reported by its schema path.
    private static IEnumerable<string> Violations(EvaluationResults node)
    {
        if (node.IsValid)
        {
            return [];
        }

        var failing = (node.Details ?? [])
            .Where(child => !child.IsValid && child.EvaluationPath.ToString() != $"{node.EvaluationPath}/if").ToList();
        var messages = node.Errors?.Values.ToList() ?? [];
        if (messages.Count == 0 && failing.Count == 0)
        {
            messages.Add($"fails {node.EvaluationPath}");
        }

        return messages.Select(message => $"{node.InstanceLocation}: {message}").Concat(failing.SelectMany(Violations));
    }

    /// <summary>YAML → JSON with YAML 1.2 core-schema typing of plain scalars (numbers, booleans, null), as helm reads them.</summary>
    private static JObject Yaml(string file)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(File.ReadAllText(Path.Combine(Chart, file))))
        {
            stream.Load(reader);
        }

        return (JObject)ToJson(stream.Documents[0].RootNode);
    }

    private static JToken ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JObject(map.Children.Select(kv => new JProperty(((YamlScalarNode)kv.Key).Value!, ToJson(kv.Value)))),
        YamlSequenceNode list => new JArray(list.Children.Select(ToJson)),
        YamlScalarNode { Style: ScalarStyle.Plain } scalar => Plain(scalar.Value ?? ""),
        YamlScalarNode scalar => new JValue(scalar.Value),
        _ => JValue.CreateNull(),
    };

    private static JValue Plain(string value) => value switch
    {
        "" or "~" or "null" => JValue.CreateNull(),
        "true" => new JValue(true),
        "false" => new JValue(false),
        _ when long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n) => new JValue(n),
        _ when double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) => new JValue(d),
        _ => new JValue(value),
    };

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SecureOtp.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SecureOtp.sln not found above the test assembly");
    }

    [GeneratedRegex(@"\.Values\.([A-Za-z0-9_.]+)")]
    private static partial Regex ValuesReference();

    [GeneratedRegex(@"##\s*@param\s+(\S+)")]
    private static partial Regex ParamPattern();
}
