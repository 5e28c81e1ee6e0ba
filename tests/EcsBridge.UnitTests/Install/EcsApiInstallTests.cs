using System.Text.Json.Nodes;

namespace EcsBridge.UnitTests.Install;

/// <summary>The ECS API switch of both install paths: the chart's `ecsApi.*` values and the config/ecs-api overlay add
/// the same flags, the keys Secret as a read-only file, a Service port and exactly the rules of
/// config/ecs-api/ecs_api_role.yaml; with the chart's defaults none of it renders.</summary>
public sealed class EcsApiInstallTests
{
    private static readonly string[] Templates = ["deployment.yaml", "rbac.yaml", "ecs-api-service.yaml", "service.yaml"];

    private static JsonObject DefaultValues() => InstallFiles.LoadObjects(Path.Combine(InstallFiles.Chart, "values.yaml")).Single();

    private static JsonObject EnabledValues()
    {
        var values = DefaultValues();
        values["ecsApi"]!["enabled"] = true;
        values["ecsApi"]!["credentialsSecret"] = "pipeline-keys";
        return values;
    }

    private static List<JsonObject> RenderChart(JsonObject values) =>
        Templates.SelectMany(t => InstallFiles.ParseDocuments(TemplateText.Render(File.ReadAllText(Path.Combine(InstallFiles.ChartTemplates, t)), values)))
            .OfType<JsonObject>().ToList();

    private static JsonArray RoleYamlRules() =>
        InstallFiles.LoadObjects(Path.Combine(InstallFiles.Config, "ecs-api", "ecs_api_role.yaml"))
            .Single(o => o["kind"]!.GetValue<string>() == "ClusterRole")["rules"]!.AsArray();

    private static JsonObject Container(IEnumerable<JsonObject> objects) =>
        objects.Single(o => o["kind"]!.GetValue<string>() == "Deployment")["spec"]!["template"]!["spec"]!["containers"]![0]!.AsObject();

    private static List<string> Args(JsonObject container) => RbacRules.Strings(container["args"]);

    [Fact]
    public void The_chart_with_default_values_has_no_ecs_api_flag_port_volume_service_or_rbac()
    {
        DefaultValues()["ecsApi"]!["enabled"]!.GetValue<bool>().ShouldBeFalse();

        var objects = RenderChart(DefaultValues());

        var container = Container(objects);
        Args(container).ShouldNotContain(a => a.StartsWith("--ecs-api", StringComparison.Ordinal));
        container["ports"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ShouldBe(["http-metrics", "health"]);
        container["volumeMounts"]!.AsArray().Count.ShouldBe(1);
        objects.Single(o => o["kind"]!.GetValue<string>() == "Deployment")["spec"]!["template"]!["spec"]!["volumes"]!.AsArray().Count.ShouldBe(1);
        objects.ShouldNotContain(o => o["metadata"]!["name"]!.GetValue<string>().Contains("ecs-api", StringComparison.Ordinal));
        RbacRules.RulesOf(objects).SelectMany(r => RbacRules.Strings(r["resources"])).ShouldNotContain("namespaces");
        // The objects the chart renders by default are still there (the evaluator did not drop everything).
        objects.Select(o => o["kind"]!.GetValue<string>()).ShouldContain("ClusterRole");
        objects.Select(o => o["kind"]!.GetValue<string>()).ShouldContain("Service");
    }

    [Fact]
    public void The_chart_with_ecsApi_enabled_grants_exactly_the_rules_of_ecs_api_role_yaml()
    {
        var objects = RenderChart(EnabledValues());

        var role = objects.Single(o => o["kind"]!.GetValue<string>() == "ClusterRole" && o["metadata"]!["name"]!.GetValue<string>().EndsWith("-ecs-api-role", StringComparison.Ordinal));
        JsonNode.DeepEquals(role["rules"], RoleYamlRules()).ShouldBeTrue($"chart: {role["rules"]!.ToJsonString()}\nyaml: {RoleYamlRules().ToJsonString()}");
        var binding = objects.Single(o => o["kind"]!.GetValue<string>() == "ClusterRoleBinding" && o["metadata"]!["name"]!.GetValue<string>().EndsWith("-ecs-api-rolebinding", StringComparison.Ordinal));
        binding["roleRef"]!["kind"]!.GetValue<string>().ShouldBe("ClusterRole");
        binding["roleRef"]!["name"]!.GetValue<string>().ShouldEndWith("-ecs-api-role");
        binding["subjects"]![0]!["kind"]!.GetValue<string>().ShouldBe("ServiceAccount");
        RbacRules.Violations("chart ecs-api role", [role]).ShouldBeEmpty();
    }

    [Fact]
    public void The_chart_with_ecsApi_enabled_adds_the_flags_the_secret_file_and_a_service_port()
    {
        var objects = RenderChart(EnabledValues());

        var container = Container(objects);
        Args(container).Where(a => a.StartsWith("--ecs-api", StringComparison.Ordinal)).ShouldBe(
        [
            "--ecs-api-bind-address=:8090",
            "--ecs-api-credentials-file=/etc/ecsbridge/ecs-api/credentials.json",
            "--ecs-api-region=us-east-1",
            "--ecs-api-account-id=000000000000",
        ]);
        container["ports"]!.AsArray().ShouldContain(p => p!["name"]!.GetValue<string>() == "ecs-api" && p["containerPort"]!.GetValue<long>() == 8090);
        var mount = container["volumeMounts"]!.AsArray().Single(m => m!["name"]!.GetValue<string>() == "ecs-api-credentials")!;
        mount["mountPath"]!.GetValue<string>().ShouldBe("/etc/ecsbridge/ecs-api");
        mount["readOnly"]!.GetValue<bool>().ShouldBeTrue();
        var podSpec = objects.Single(o => o["kind"]!.GetValue<string>() == "Deployment")["spec"]!["template"]!["spec"]!.AsObject();
        var volume = podSpec["volumes"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == "ecs-api-credentials")!;
        volume["secret"]!["secretName"]!.GetValue<string>().ShouldBe("pipeline-keys");
        RestrictedPodChecker.Violations(podSpec).ShouldBeEmpty();
        var service = objects.Single(o => o["kind"]!.GetValue<string>() == "Service" && o["metadata"]!["name"]!.GetValue<string>().EndsWith("-ecs-api", StringComparison.Ordinal));
        var port = service["spec"]!["ports"]!.AsArray().Single()!;
        port["port"]!.GetValue<long>().ShouldBe(8090);
        port["targetPort"]!.GetValue<string>().ShouldBe("ecs-api");
        // Never an API read of Secrets: the key reaches the operator as a file only.
        RbacRules.Violations("chart with ecsApi", RbacRules.RulesOf(objects)).ShouldBeEmpty();
        new SchemaSubsetValidator(JsonNode.Parse(File.ReadAllText(Path.Combine(InstallFiles.Chart, "values.schema.json")))!.AsObject())
            .Validate(EnabledValues()).ShouldBeEmpty();
    }

    [Fact]
    public void The_kustomize_overlay_adds_what_the_chart_adds()
    {
        var overlay = InstallFiles.LoadObjects(Path.Combine(InstallFiles.Config, "ecs-api", "kustomization.yaml")).Single();
        RbacRules.Strings(overlay["resources"]).ShouldBe(["../default", "ecs_api_role.yaml", "ecs_api_service.yaml"]);
        var operations = InstallFiles.ParseDocuments(overlay["patches"]![0]!["patch"]!.GetValue<string>()).Single()!.AsArray().OfType<JsonObject>().ToList();
        var added = operations.GroupBy(o => o["path"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.Select(o => o["value"]!).ToList());
        var chart = Container(RenderChart(DefaultValuesWithKustomizeSecret()));

        added["/spec/template/spec/containers/0/args/-"].Select(v => v.GetValue<string>())
            .ShouldBe(Args(chart).Where(a => a.StartsWith("--ecs-api", StringComparison.Ordinal)));
        JsonNode.DeepEquals(added["/spec/template/spec/containers/0/ports/-"].Single(), chart["ports"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "ecs-api"))
            .ShouldBeTrue();
        JsonNode.DeepEquals(added["/spec/template/spec/containers/0/volumeMounts/-"].Single(), chart["volumeMounts"]!.AsArray().Single(m => m!["name"]!.GetValue<string>() == "ecs-api-credentials"))
            .ShouldBeTrue();
        added["/spec/template/spec/volumes/-"].Single()["secret"]!["secretName"]!.GetValue<string>().ShouldBe("ecsbridge-ecs-api-keys");
        var service = InstallFiles.LoadObjects(Path.Combine(InstallFiles.Config, "ecs-api", "ecs_api_service.yaml")).Single();
        service["spec"]!["ports"]![0]!["port"]!.GetValue<long>().ShouldBe(8090);
        service["spec"]!["ports"]![0]!["targetPort"]!.GetValue<string>().ShouldBe("ecs-api");
        // config/default itself stays without the API.
        File.ReadAllText(Path.Combine(InstallFiles.Config, "default", "kustomization.yaml")).ShouldNotContain("ecs-api");
        File.ReadAllText(Path.Combine(InstallFiles.Config, "manager", "manager.yaml")).ShouldNotContain("ecs-api");
    }

    private static JsonObject DefaultValuesWithKustomizeSecret()
    {
        var values = EnabledValues();
        values["ecsApi"]!["credentialsSecret"] = "ecsbridge-ecs-api-keys";
        return values;
    }
}
