using System.Text.Json.Nodes;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Watch;
using static EcsBridge.IntegrationTests.Infrastructure.Ecs;

namespace EcsBridge.IntegrationTests.Operator;

/// <summary>Issue 15, item 6 on the `kubectl apply` path: ECS JSON pasted into a spec carries "" for unset text, [] and
/// {} for none, and objects of nothing but those (AWS's CLI skeletons and console exports are full of them). The API
/// server accepts them, and the operator reads them as absent: the workloads equal those of the same objects written
/// without the empty values, applied in another namespace — the oracle is the operator's own output for the clean
/// input, not a list of expected fields.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class PastedEmptyValuesTests(ControlPlaneFixture fixture)
{
    private const string Clean = """
        {"apiVersion":"ecsbridge.io/v1alpha1","kind":"EcsTaskDefinition","metadata":{"name":"paste"},
         "spec":{"cpu":"256","memory":"512",
           "containerDefinitions":[{"name":"app","image":"nginx:1.27","essential":true,
             "portMappings":[{"containerPort":8080,"protocol":"tcp"}],
             "environment":[{"name":"MODE","value":""}]}]} }
        """;

    /// <summary>The same task definition as pasted: every field ECS writes empty for "not set".</summary>
    private const string Pasted = """
        {"apiVersion":"ecsbridge.io/v1alpha1","kind":"EcsTaskDefinition","metadata":{"name":"paste"},
         "spec":{"cpu":"256","memory":"512","taskRoleArn":"","executionRoleArn":"","networkMode":"","pidMode":"","ipcMode":"",
           "requiresCompatibilities":[],"placementConstraints":[],"volumes":[],"tags":[],
           "runtimePlatform":{"cpuArchitecture":"","operatingSystemFamily":""},
           "containerDefinitions":[{"name":"app","image":"nginx:1.27","essential":true,
             "portMappings":[{"containerPort":8080,"protocol":"tcp","appProtocol":"","name":""}],
             "environment":[{"name":"MODE","value":""}],"environmentFiles":[],"secrets":[],
             "user":"","workingDirectory":"","hostname":"","entryPoint":[],"command":[],
             "repositoryCredentials":{"credentialsParameter":""},
             "logConfiguration":{"logDriver":"","options":{},"secretOptions":[]},
             "linuxParameters":{"capabilities":{"add":[],"drop":[]},"devices":[],"tmpfs":[],"initProcessEnabled":null},
             "mountPoints":[],"volumesFrom":[],"dependsOn":[],"links":[],"dnsServers":[],"dnsSearchDomains":[],"extraHosts":[],
             "dockerLabels":{},"ulimits":[],"systemControls":[],"dockerSecurityOptions":[]}]} }
        """;

    private const string CleanService = """
        {"apiVersion":"ecsbridge.io/v1alpha1","kind":"EcsService","metadata":{"name":"paste"},
         "spec":{"taskDefinition":"paste","desiredCount":2} }
        """;

    private const string PastedService = """
        {"apiVersion":"ecsbridge.io/v1alpha1","kind":"EcsService","metadata":{"name":"paste"},
         "spec":{"taskDefinition":"paste","desiredCount":2,"launchType":"","platformVersion":"","propagateTags":"",
           "loadBalancers":[],"serviceRegistries":[],"placementConstraints":[],"placementStrategy":[],"capacityProviderStrategy":[],
           "networkConfiguration":{"awsvpcConfiguration":{"subnets":[],"securityGroups":[],"assignPublicIp":""}},
           "tags":[]} }
        """;

    [Fact]
    public async Task Empty_values_pasted_into_specs_are_accepted_and_read_as_absent()
    {
        var clean = await fixture.CreateNamespaceAsync("clean");
        var pasted = await fixture.CreateNamespaceAsync("pasted");
        var clientSide = await fixture.CreateNamespaceAsync("kubectl");
        using var admin = fixture.CreateAdminClient();
        await using var op = await OperatorHarness.StartAsync(fixture, [clean, pasted, clientSide]);

        await ApplyAsync(admin, clean, Clean);
        await ApplyAsync(admin, clean, CleanService);
        // Server-side apply, as `kubectl apply --server-side` (the 1.20 server turns each "" into null)...
        await ApplyAsync(admin, pasted, Pasted);
        await ApplyAsync(admin, pasted, PastedService);
        // ...and kubectl's default client-side apply, with its schema validation (the "" arrive as "").
        var file = Path.Combine(Path.GetTempPath(), $"pasted-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, $$"""{"apiVersion":"v1","kind":"List","items":[{{Pasted}},{{PastedService}}]}""");
        try
        {
            await Kubectl.RunAsync("--kubeconfig", fixture.KubeconfigPath, "-n", clientSide, "apply", "-f", file);
        }
        finally
        {
            File.Delete(file);
        }

        var expected = await WaitForAsync(admin, ResourceType.Deployments, clean, "paste", _ => true, "the clean input's Deployment");
        foreach (var ns in new[] { pasted, clientSide })
        {
            var actual = await WaitForAsync(admin, ResourceType.Deployments, ns, "paste", _ => true, $"the Deployment in {ns}");
            Comparable(actual).ShouldBe(Comparable(expected), ns);
        }

        var service = await WaitForAsync(admin, OperatorResources.EcsServices, pasted, "paste",
            s => Condition(s, "Translated") is not null, "the pasted service's Translated condition");
        Condition(service, "Ready")?["reason"]?.GetValue<string>().ShouldNotBe("ValidationFailed");
        var td = await WaitForAsync(admin, OperatorResources.EcsTaskDefinitions, pasted, "paste",
            t => t["status"]?["revision"] is not null, "the pasted task definition's revision");
        var notes = (td["status"]?["translationNotes"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        notes.ShouldContain(n => Text(n["field"]) == "spec.containerDefinitions[0].logConfiguration" && Text(n["message"])!.Contains("absent"),
            "the empty logConfiguration is reported as read as absent: " + td["status"]?.ToJsonString());
    }

    /// <summary>The Deployment's spec with the owner-specific parts (the namespace appears nowhere in it).</summary>
    private static string Comparable(JsonObject deployment) => deployment["spec"]!.ToJsonString();
}
