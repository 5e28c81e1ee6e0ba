using System.Text.Json.Nodes;

namespace EcsBridge.UnitTests.Install;

/// <summary>Without a helm binary: the literal part of every template must be well-formed YAML, and the chart's
/// metadata must match the product.</summary>
public sealed class ChartTemplateTests
{
    public static TheoryData<string> ManifestTemplates()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(InstallFiles.ChartTemplates, "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ManifestTemplates))]
    public void Template_without_its_actions_is_well_formed_yaml_of_kubernetes_objects(string template)
    {
        var text = TemplateText.StripActions(File.ReadAllText(Path.Combine(InstallFiles.ChartTemplates, template)));

        var documents = InstallFiles.ParseDocuments(text).Where(d => d is not null).ToList();

        documents.ShouldNotBeEmpty();
        foreach (var document in documents)
        {
            var obj = document.ShouldBeOfType<JsonObject>();
            obj.ContainsKey("apiVersion").ShouldBeTrue($"{template}: a document without apiVersion");
            obj["kind"]?.GetValue<string>().ShouldNotBeNullOrEmpty($"{template}: a document without kind");
            obj["metadata"].ShouldBeOfType<JsonObject>().ContainsKey("name").ShouldBeTrue($"{template}: a document without metadata.name");
        }
    }

    [Fact]
    public void The_chart_has_every_expected_template()
    {
        var names = Directory.GetFiles(InstallFiles.ChartTemplates).Select(Path.GetFileName).ToHashSet();

        string[] expected = ["_helpers.tpl", "_rbac_rules.tpl", "serviceaccount.yaml", "rbac.yaml", "deployment.yaml",
            "service.yaml", "servicemonitor.yaml", "pdb.yaml", "ecs-api-service.yaml", "NOTES.txt"];

        expected.Where(n => !names.Contains(n)).ShouldBeEmpty();
    }

    [Fact]
    public void Chart_metadata_is_helm_v2_for_kubernetes_1_20_and_matches_the_product_version()
    {
        var chart = InstallFiles.LoadObjects(Path.Combine(InstallFiles.Chart, "Chart.yaml")).Single();
        var productVersion = System.Xml.Linq.XDocument.Load(Path.Combine(InstallFiles.RepositoryRoot, "Directory.Build.props"))
            .Descendants("Version").Single().Value;

        chart["apiVersion"]!.GetValue<string>().ShouldBe("v2");
        chart["name"]!.GetValue<string>().ShouldBe("ecsbridge");
        chart["kubeVersion"]!.GetValue<string>().ShouldBe(">=1.20.0-0");
        chart["appVersion"]!.GetValue<string>().ShouldBe(productVersion);
    }

    [Fact]
    public void Leader_election_is_forced_on_with_more_than_one_replica_and_wired_to_args_and_rbac()
    {
        var helpers = File.ReadAllText(Path.Combine(InstallFiles.ChartTemplates, "_helpers.tpl"));
        var deployment = File.ReadAllText(Path.Combine(InstallFiles.ChartTemplates, "deployment.yaml"));
        var rbac = File.ReadAllText(Path.Combine(InstallFiles.ChartTemplates, "rbac.yaml"));

        helpers.ShouldContain("""{{- if or (gt (int .Values.replicaCount) 1) .Values.leaderElection.enabled }}true{{ else }}false{{ end }}""");
        deployment.ShouldContain("""- --leader-elect={{ include "ecsbridge.leaderElect" . }}""");
        rbac.ShouldContain("""{{- if eq (include "ecsbridge.leaderElect" .) "true" }}""");
    }

    [Fact]
    public void Every_value_the_templates_read_exists_in_values_yaml()
    {
        var values = InstallFiles.LoadObjects(Path.Combine(InstallFiles.Chart, "values.yaml")).Single();
        var missing = new List<string>();
        foreach (var file in Directory.GetFiles(InstallFiles.ChartTemplates))
        {
            foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(
                File.ReadAllText(file), @"\.Values\.(?<path>[A-Za-z0-9_.]+)"))
            {
                JsonNode? node = values;
                var present = true;
                foreach (var part in match.Groups["path"].Value.Split('.'))
                {
                    if (node is not JsonObject obj || !obj.ContainsKey(part))
                    {
                        present = false;
                        break;
                    }
                    node = obj[part];
                }
                if (!present)
                {
                    missing.Add($"{Path.GetFileName(file)}: .Values.{match.Groups["path"].Value}");
                }
            }
        }

        missing.ShouldBeEmpty();
    }
}
