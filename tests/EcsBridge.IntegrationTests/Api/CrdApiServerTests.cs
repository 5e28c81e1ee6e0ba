using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using EcsBridge.IntegrationTests.Infrastructure;

namespace EcsBridge.IntegrationTests.Api;

/// <summary>The generated CRDs on a real Kubernetes 1.20 API server: they install, the samples apply, the schema
/// rejects and defaults as declared, and the scale subresource and printer columns work.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class CrdApiServerTests(ControlPlaneFixture fixture) : IAsyncLifetime
{
    private const string Base = "/apis/ecsbridge.io/v1alpha1/namespaces";

    public Task InitializeAsync() => CrdInstaller.EnsureInstalledAsync(fixture);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_generated_crds_are_established_with_their_names_accepted()
    {
        using var http = fixture.Plane.CreateAdminHttpClient();
        foreach (var name in new[] { "ecstaskdefinitions.ecsbridge.io", "ecsservices.ecsbridge.io", "ecstasks.ecsbridge.io" })
        {
            var crd = (await http.GetFromJsonAsync<JsonNode>($"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{name}"))!;
            var conditions = crd["status"]!["conditions"]!.AsArray();
            conditions.ShouldContain(c => (string?)c!["type"] == "Established" && (string?)c["status"] == "True");
            conditions.ShouldContain(c => (string?)c!["type"] == "NamesAccepted" && (string?)c["status"] == "True");
            conditions.ShouldNotContain(c => (string?)c!["type"] == "NonStructuralSchema");
        }
    }

    [Fact]
    public async Task Every_sample_is_accepted_by_the_api_server()
    {
        var ns = await fixture.CreateNamespaceAsync("samples");
        using var http = fixture.Plane.CreateAdminHttpClient();
        var samples = Directory.GetFiles(Path.Combine(fixture.RepositoryRoot, "config", "samples"), "ecsbridge.io_*.yaml");
        samples.Length.ShouldBeGreaterThanOrEqualTo(3);
        var created = 0;
        foreach (var file in samples)
        {
            foreach (var document in CrdInstaller.ReadYamlDocuments(await File.ReadAllTextAsync(file)))
            {
                using var response = await http.PostAsJsonAsync($"{Base}/{ns}/{Plural(document)}", document);
                response.StatusCode.ShouldBe(HttpStatusCode.Created, $"{Path.GetFileName(file)}: {await response.Content.ReadAsStringAsync()}");
                created++;
            }
        }
        created.ShouldBe(samples.Length * 2);
    }

    [Fact]
    public async Task The_task_sample_is_accepted_by_the_api_server_and_count_defaults_to_1()
    {
        var ns = await fixture.CreateNamespaceAsync("samples");
        using var http = fixture.Plane.CreateAdminHttpClient();
        var file = Path.Combine(fixture.RepositoryRoot, "config", "samples", "tasks", "ecsbridge.io_v1alpha1_hello-once.yaml");
        var document = CrdInstaller.ReadYamlDocuments(await File.ReadAllTextAsync(file)).Single();
        var created = await CreateAsync(http, $"{Base}/{ns}/{Plural(document)}", document);
        created["spec"]!["count"]!.GetValue<int>().ShouldBe(1);
        using var tooMany = await http.PostAsJsonAsync($"{Base}/{ns}/ecstasks",
            Object("EcsTask", "many", JsonNode.Parse("""{"taskDefinition":"hello","count":11}""")!));
        tooMany.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await tooMany.Content.ReadAsStringAsync()).ShouldContain("spec.count");
    }

    [Theory]
    [InlineData("a negative desiredCount", """{"taskDefinition":"web","desiredCount":-1}""", "spec.desiredCount")]
    [InlineData("an unknown schedulingStrategy", """{"taskDefinition":"web","desiredCount":1,"schedulingStrategy":"SOMETIMES"}""", "spec.schedulingStrategy")]
    [InlineData("minimumHealthyPercent above 100", """{"taskDefinition":"web","desiredCount":1,"deploymentConfiguration":{"minimumHealthyPercent":150}}""", "spec.deploymentConfiguration.minimumHealthyPercent")]
    [InlineData("no taskDefinition", """{"desiredCount":1}""", "spec.taskDefinition")]
    [InlineData("an unknown metric type", """{"taskDefinition":"web","autoScaling":{"minCapacity":1,"maxCapacity":2,"targetTrackingPolicies":[{"predefinedMetricType":"Vibes","targetValue":1}]}}""", "predefinedMetricType")]
    public async Task A_schema_invalid_service_is_rejected_at_create_time(string why, string spec, string field)
    {
        var ns = await fixture.CreateNamespaceAsync("invalid");
        using var http = fixture.Plane.CreateAdminHttpClient();
        var body = Object("EcsService", "web", JsonNode.Parse(spec)!);
        using var response = await http.PostAsJsonAsync($"{Base}/{ns}/ecsservices", body);
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, why);
        (await response.Content.ReadAsStringAsync()).ShouldContain(field);
    }

    [Theory]
    [InlineData("no containers", """{"containerDefinitions":[]}""", "spec.containerDefinitions")]
    [InlineData("a container without an image", """{"containerDefinitions":[{"name":"app"}]}""", "image")]
    [InlineData("an unknown protocol", """{"containerDefinitions":[{"name":"app","image":"nginx","portMappings":[{"containerPort":80,"protocol":"sctp"}]}]}""", "protocol")]
    [InlineData("a health check interval below 5", """{"containerDefinitions":[{"name":"app","image":"nginx","healthCheck":{"command":["CMD","true"],"interval":1}}]}""", "interval")]
    [InlineData("a container cpu written as a string", """{"containerDefinitions":[{"name":"app","image":"nginx","cpu":"256"}]}""", "cpu")]
    public async Task A_schema_invalid_task_definition_is_rejected_at_create_time(string why, string spec, string field)
    {
        var ns = await fixture.CreateNamespaceAsync("invalid");
        using var http = fixture.Plane.CreateAdminHttpClient();
        using var response = await http.PostAsJsonAsync($"{Base}/{ns}/ecstaskdefinitions", Object("EcsTaskDefinition", "web", JsonNode.Parse(spec)!));
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, why);
        (await response.Content.ReadAsStringAsync()).ShouldContain(field);
    }

    [Fact]
    public async Task Ecs_defaults_are_filled_in_by_the_api_server()
    {
        var ns = await fixture.CreateNamespaceAsync("defaults");
        using var http = fixture.Plane.CreateAdminHttpClient();
        var task = Object("EcsTaskDefinition", "web", JsonNode.Parse("""
            {"cpu":256,"memory":"0.5GB","containerDefinitions":[{"name":"app","image":"nginx","portMappings":[{"containerPort":80}],
             "healthCheck":{"command":["CMD-SHELL","true"]}}]}
            """)!);
        var createdTask = await CreateAsync(http, $"{Base}/{ns}/ecstaskdefinitions", task);
        var container = createdTask["spec"]!["containerDefinitions"]![0]!;
        container["essential"]!.GetValue<bool>().ShouldBeTrue();
        container["portMappings"]![0]!["protocol"]!.GetValue<string>().ShouldBe("tcp");
        container["healthCheck"]!["interval"]!.GetValue<int>().ShouldBe(30);
        container["healthCheck"]!["timeout"]!.GetValue<int>().ShouldBe(5);
        container["healthCheck"]!["retries"]!.GetValue<int>().ShouldBe(3);
        // int-or-string: a pasted number is kept as a number, an ECS string as a string.
        createdTask["spec"]!["cpu"]!.GetValue<int>().ShouldBe(256);
        createdTask["spec"]!["memory"]!.GetValue<string>().ShouldBe("0.5GB");

        var service = Object("EcsService", "web", JsonNode.Parse("""{"taskDefinition":"web","desiredCount":2,"deploymentConfiguration":{}}""")!);
        var createdService = await CreateAsync(http, $"{Base}/{ns}/ecsservices", service);
        createdService["spec"]!["deploymentConfiguration"]!["maximumPercent"]!.GetValue<int>().ShouldBe(200);
        createdService["spec"]!["deploymentConfiguration"]!["minimumHealthyPercent"]!.GetValue<int>().ShouldBe(100);
        createdService["spec"]!["schedulingStrategy"]!.GetValue<string>().ShouldBe("REPLICA");
    }

    [Fact]
    public async Task The_scale_subresource_reads_desiredCount_and_writes_it_back()
    {
        var ns = await fixture.CreateNamespaceAsync("scale");
        using var http = fixture.Plane.CreateAdminHttpClient();
        var service = Object("EcsService", "web", JsonNode.Parse("""{"taskDefinition":"web","desiredCount":3}""")!);
        await CreateAsync(http, $"{Base}/{ns}/ecsservices", service);

        using (var status = new HttpRequestMessage(HttpMethod.Patch, $"{Base}/{ns}/ecsservices/web/status")
        {
            Content = new StringContent("""{"status":{"runningCount":2,"selector":"app.kubernetes.io/name=web"}}""", Encoding.UTF8, "application/merge-patch+json"),
        })
        {
            using var patched = await http.SendAsync(status);
            patched.StatusCode.ShouldBe(HttpStatusCode.OK, await patched.Content.ReadAsStringAsync());
        }

        var scale = (await http.GetFromJsonAsync<JsonNode>($"{Base}/{ns}/ecsservices/web/scale"))!;
        scale["kind"]!.GetValue<string>().ShouldBe("Scale");
        scale["spec"]!["replicas"]!.GetValue<int>().ShouldBe(3);
        scale["status"]!["replicas"]!.GetValue<int>().ShouldBe(2);
        scale["status"]!["selector"]!.GetValue<string>().ShouldBe("app.kubernetes.io/name=web");

        scale["spec"]!["replicas"] = 5;
        using (var put = await http.PutAsJsonAsync($"{Base}/{ns}/ecsservices/web/scale", scale))
        {
            put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        }
        var after = (await http.GetFromJsonAsync<JsonNode>($"{Base}/{ns}/ecsservices/web"))!;
        after["spec"]!["desiredCount"]!.GetValue<int>().ShouldBe(5);
    }

    [Fact]
    public async Task Printer_columns_show_the_containers_and_the_primary_rollout_state()
    {
        var ns = await fixture.CreateNamespaceAsync("columns");
        using var http = fixture.Plane.CreateAdminHttpClient();
        await CreateAsync(http, $"{Base}/{ns}/ecstaskdefinitions", Object("EcsTaskDefinition", "web", JsonNode.Parse("""
            {"cpu":"512","memory":"1024","containerDefinitions":[{"name":"app","image":"nginx"},{"name":"sidecar","image":"busybox"}]}
            """)!));
        await CreateAsync(http, $"{Base}/{ns}/ecsservices", Object("EcsService", "web", JsonNode.Parse("""{"taskDefinition":"web","desiredCount":2}""")!));
        using (var status = new HttpRequestMessage(HttpMethod.Patch, $"{Base}/{ns}/ecsservices/web/status")
        {
            Content = new StringContent("""
                {"status":{"taskDefinition":"web:2","desiredCount":2,"runningCount":1,"pendingCount":1,"deployments":[
                  {"id":"ecs-svc/1","status":"ACTIVE","rolloutState":"COMPLETED"},
                  {"id":"ecs-svc/2","status":"PRIMARY","rolloutState":"IN_PROGRESS"}]}}
                """, Encoding.UTF8, "application/merge-patch+json"),
        })
        {
            using var patched = await http.SendAsync(status);
            patched.StatusCode.ShouldBe(HttpStatusCode.OK, await patched.Content.ReadAsStringAsync());
        }

        using (var status = new HttpRequestMessage(HttpMethod.Patch, $"{Base}/{ns}/ecstaskdefinitions/web/status")
        {
            Content = new StringContent("""{"status":{"revision":2,"containers":"app,sidecar"}}""", Encoding.UTF8, "application/merge-patch+json"),
        })
        {
            using var patched = await http.SendAsync(status);
            patched.StatusCode.ShouldBe(HttpStatusCode.OK, await patched.Content.ReadAsStringAsync());
        }

        var taskRow = await TableRowAsync(http, $"{Base}/{ns}/ecstaskdefinitions");
        // spec.family is optional (it must equal the name): the column shows the family either way.
        taskRow["Family"].ShouldBe("web");
        taskRow["Revision"].ShouldBe("2");
        taskRow["Containers"].ShouldBe("app,sidecar");
        taskRow["CPU"].ShouldBe("512");

        var serviceRow = await TableRowAsync(http, $"{Base}/{ns}/ecsservices");
        serviceRow["Task Definition"].ShouldBe("web:2");
        serviceRow["Desired"].ShouldBe("2");
        serviceRow["Running"].ShouldBe("1");
        serviceRow["Pending"].ShouldBe("1");
        serviceRow["Rollout"].ShouldBe("IN_PROGRESS");
    }

    private static async Task<Dictionary<string, string>> TableRowAsync(HttpClient http, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/json;as=Table;v=v1;g=meta.k8s.io"));
        using var response = await http.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var table = (await response.Content.ReadFromJsonAsync<JsonNode>())!;
        var columns = table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).ToList();
        var cells = table["rows"]!.AsArray().ShouldHaveSingleItem()!["cells"]!.AsArray();
        return columns.Select((name, i) => (name, value: cells[i]?.ToString() ?? "")).ToDictionary(p => p.name, p => p.value);
    }

    private static async Task<JsonNode> CreateAsync(HttpClient http, string path, JsonObject body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        return JsonNode.Parse(text)!;
    }

    private static JsonObject Object(string kind, string name, JsonNode spec) => new()
    {
        ["apiVersion"] = "ecsbridge.io/v1alpha1",
        ["kind"] = kind,
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = spec,
    };

    private static string Plural(JsonObject document) => (string?)document["kind"] switch
    {
        "EcsTaskDefinition" => "ecstaskdefinitions",
        "EcsService" => "ecsservices",
        "EcsTask" => "ecstasks",
        var kind => throw new InvalidOperationException("unexpected kind " + kind),
    };
}
