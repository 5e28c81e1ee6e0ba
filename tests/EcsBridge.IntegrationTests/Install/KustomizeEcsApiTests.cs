using System.Text.Json.Nodes;
using EcsBridge.IntegrationTests.Infrastructure;

namespace EcsBridge.IntegrationTests.Install;

/// <summary>`kubectl kustomize config/ecs-api` (the ECS API switch of the kustomize install) with the real kustomize:
/// everything of config/default, plus the flags, the keys Secret as a read-only file, the Service and exactly the
/// rules of config/ecs-api/ecs_api_role.yaml bound to the operator's ServiceAccount; config/default has none of it.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class KustomizeEcsApiTests(ControlPlaneFixture fixture)
{
    private static string Kind(JsonObject o) => o["kind"]!.GetValue<string>();

    private static string Name(JsonObject o) => o["metadata"]!["name"]!.GetValue<string>();

    [Fact]
    public async Task Config_ecs_api_is_config_default_plus_the_api_and_config_default_has_none_of_it()
    {
        var withApi = KustomizeLite.ParseDocuments(await Kubectl.RunAsync("kustomize", Path.Combine(fixture.RepositoryRoot, "config", "ecs-api")));
        var plain = KustomizeLite.ParseDocuments(await Kubectl.RunAsync("kustomize", Path.Combine(fixture.RepositoryRoot, "config", "default")));

        // Everything config/default renders is there, unchanged except the Deployment.
        foreach (var obj in plain)
        {
            var same = withApi.Single(o => Kind(o) == Kind(obj) && Name(o) == Name(obj));
            if (Kind(obj) != "Deployment")
            {
                JsonNode.DeepEquals(same, obj).ShouldBeTrue($"{Kind(obj)} {Name(obj)} differs");
            }
        }
        var added = withApi.Where(o => !plain.Any(p => Kind(p) == Kind(o) && Name(p) == Name(o))).Select(o => $"{Kind(o)}/{Name(o)}").Order(StringComparer.Ordinal);
        added.ShouldBe(["ClusterRole/ecsbridge-ecs-api-role", "ClusterRoleBinding/ecsbridge-ecs-api-rolebinding", "Service/ecsbridge-ecs-api"]);

        var yamlRole = KustomizeLite.LoadDocuments(Path.Combine(fixture.RepositoryRoot, "config", "ecs-api", "ecs_api_role.yaml")).Single(o => Kind(o) == "ClusterRole");
        JsonNode.DeepEquals(withApi.Single(o => Name(o) == "ecsbridge-ecs-api-role")["rules"], yamlRole["rules"]).ShouldBeTrue();
        var serviceAccount = plain.Single(o => Kind(o) == "ServiceAccount");
        var subject = withApi.Single(o => Name(o) == "ecsbridge-ecs-api-rolebinding")["subjects"]!.AsArray().Single()!;
        subject["name"]!.GetValue<string>().ShouldBe(Name(serviceAccount));
        subject["namespace"]!.GetValue<string>().ShouldBe(serviceAccount["metadata"]!["namespace"]!.GetValue<string>());

        var pod = withApi.Single(o => Kind(o) == "Deployment")["spec"]!["template"]!;
        var container = pod["spec"]!["containers"]![0]!;
        container["args"]!.AsArray().Select(a => a!.GetValue<string>()).Where(a => a.StartsWith("--ecs-api", StringComparison.Ordinal)).ShouldBe(
        [
            "--ecs-api-bind-address=:8090",
            "--ecs-api-credentials-file=/etc/ecsbridge/ecs-api/credentials.json",
            "--ecs-api-region=us-east-1",
            "--ecs-api-account-id=000000000000",
        ]);
        container["volumeMounts"]!.AsArray().Any(m => m!["mountPath"]!.GetValue<string>() == "/etc/ecsbridge/ecs-api" && m["readOnly"]?.GetValue<bool>() == true)
            .ShouldBeTrue("the keys Secret is mounted read-only");
        pod["spec"]!["volumes"]!.AsArray().Any(v => v!["secret"]?["secretName"]?.GetValue<string>() == "ecsbridge-ecs-api-keys")
            .ShouldBeTrue("the keys Secret is a volume");
        var service = withApi.Single(o => Name(o) == "ecsbridge-ecs-api");
        service["metadata"]!["namespace"]!.GetValue<string>().ShouldBe("ecsbridge-system");
        foreach (var (label, value) in service["spec"]!["selector"]!.AsObject())
        {
            pod["metadata"]!["labels"]![label]!.GetValue<string>().ShouldBe(value!.GetValue<string>(), "the Service selects the operator's pods");
        }
        container["ports"]!.AsArray().ShouldContain(p => p!["name"]!.GetValue<string>() == "ecs-api" && p["containerPort"]!.GetValue<long>() == 8090);

        plain.Select(Name).ShouldNotContain(n => n.Contains("ecs-api", StringComparison.Ordinal));
        plain.Single(o => Kind(o) == "Deployment").ToJsonString().ShouldNotContain("ecs-api");
        plain.Where(o => Kind(o) is "ClusterRole" or "Role").SelectMany(o => o["rules"]!.AsArray())
            .SelectMany(r => r!["resources"]!.AsArray().Select(x => x!.GetValue<string>())).ShouldNotContain("namespaces");
    }
}
