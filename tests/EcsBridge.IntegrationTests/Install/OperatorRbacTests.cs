using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EcsBridge.IntegrationTests.Infrastructure;

namespace EcsBridge.IntegrationTests.Install;

/// <summary>Installs config/rbac (as config/default renders it) on the real control plane and proves least
/// privilege with the operator's own identity: a client certificate whose user is the ServiceAccount's user name
/// and whose groups are its groups, which RBAC authorizes exactly like the ServiceAccount.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class OperatorRbacTests(ControlPlaneFixture fixture)
{
    private string OperatorNamespace => KustomizeLite.DefaultOverlay(fixture.RepositoryRoot).Namespace;

    [Fact]
    public async Task Operator_can_list_and_watch_its_children_in_every_namespace()
    {
        using var op = await InstallAndConnectAsOperatorAsync();

        string[] clusterWideLists =
        [
            "/apis/apps/v1/deployments", "/apis/apps/v1/daemonsets", "/apis/apps/v1/controllerrevisions",
            "/api/v1/services", "/api/v1/serviceaccounts", "/apis/autoscaling/v2beta2/horizontalpodautoscalers", "/api/v1/pods",
        ];
        foreach (var url in clusterWideLists)
        {
            (await ClusterClient.StatusOfAsync(op.GetAsync(url + "?limit=1"))).ShouldBe(HttpStatusCode.OK, url);
        }
        (await ClusterClient.StatusOfAsync(op.GetAsync("/apis/apps/v1/deployments?watch=true&timeoutSeconds=1")))
            .ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Operator_is_forbidden_to_read_secrets()
    {
        var ns = await fixture.CreateNamespaceAsync("rbac");
        using var admin = fixture.Plane.CreateAdminHttpClient();
        var secret = new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = "db-password", ["namespace"] = ns },
            ["stringData"] = new JsonObject { ["password"] = "s3cret" },
        };
        await ClusterClient.ApplyOrThrowAsync(admin, secret);
        using var op = await InstallAndConnectAsOperatorAsync();

        (await ClusterClient.StatusOfAsync(op.GetAsync($"/api/v1/namespaces/{ns}/secrets/db-password"))).ShouldBe(HttpStatusCode.Forbidden);
        (await ClusterClient.StatusOfAsync(op.GetAsync($"/api/v1/namespaces/{ns}/secrets"))).ShouldBe(HttpStatusCode.Forbidden);
        (await ClusterClient.StatusOfAsync(op.GetAsync("/api/v1/secrets"))).ShouldBe(HttpStatusCode.Forbidden);
        (await ClusterClient.StatusOfAsync(op.GetAsync($"/api/v1/namespaces/{OperatorNamespace}/secrets"))).ShouldBe(HttpStatusCode.Forbidden);
        (await ClusterClient.StatusOfAsync(op.GetAsync("/api/v1/secrets?watch=true&timeoutSeconds=1"))).ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Operator_cannot_create_cluster_roles_or_bindings_nor_update_pods()
    {
        var ns = await fixture.CreateNamespaceAsync("rbac");
        using var op = await InstallAndConnectAsOperatorAsync();
        var clusterRole = JsonNode.Parse("""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"ecsbridge-escalation-attempt"},
             "rules":[{"apiGroups":[""],"resources":["secrets"],"verbs":["get"]}]}
            """)!.AsObject();

        (await ClusterClient.StatusOfAsync(op.PostAsJsonAsync("/apis/rbac.authorization.k8s.io/v1/clusterroles", clusterRole)))
            .ShouldBe(HttpStatusCode.Forbidden);
        (await ClusterClient.StatusOfAsync(ClusterClient.ApplyAsync(op, clusterRole))).ShouldBe(HttpStatusCode.Forbidden);
        var binding = JsonNode.Parse($$$"""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"grab-admin","namespace":"{{{ns}}}"},
             "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"admin"},
             "subjects":[{"kind":"ServiceAccount","name":"ecsbridge-controller-manager","namespace":"{{{OperatorNamespace}}}"}]}
            """)!.AsObject();
        (await ClusterClient.StatusOfAsync(ClusterClient.ApplyAsync(op, binding))).ShouldBe(HttpStatusCode.Forbidden);
        var pod = JsonNode.Parse($$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"direct","namespace":"{{{ns}}}"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}
            """)!.AsObject();
        // An EcsTask's pods are created (and deleted) by the operator, never updated. Admission wants the namespace's
        // default ServiceAccount, which the controller manager makes a moment after the namespace.
        await Infrastructure.Ecs.EventuallyAsync(async () =>
            await ClusterClient.StatusOfAsync(op.GetAsync($"/api/v1/namespaces/{ns}/serviceaccounts/default")) == HttpStatusCode.OK ? "made" : null,
            "the default ServiceAccount", 60);
        (await ClusterClient.StatusOfAsync(op.PostAsJsonAsync($"/api/v1/namespaces/{ns}/pods", pod))).ShouldBe(HttpStatusCode.Created);
        (await ClusterClient.StatusOfAsync(op.PutAsJsonAsync($"/api/v1/namespaces/{ns}/pods/direct", pod))).ShouldBe(HttpStatusCode.Forbidden);
        (await ClusterClient.StatusOfAsync(op.GetAsync($"/api/v1/namespaces/{ns}/configmaps"))).ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Operator_can_server_side_apply_and_prune_its_children_but_nothing_else()
    {
        var ns = await fixture.CreateNamespaceAsync("rbac");
        using var op = await InstallAndConnectAsOperatorAsync();
        var deployment = JsonNode.Parse($$$"""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"{{{ns}}}"},
             "spec":{"selector":{"matchLabels":{"app":"web"}},
                     "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx:1.27"}] } } } }
            """)!.AsObject();
        var service = JsonNode.Parse($$$"""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"{{{ns}}}"},
             "spec":{"selector":{"app":"web"},"ports":[{"port":80,"protocol":"TCP"}]}}
            """)!.AsObject();
        var serviceAccount = JsonNode.Parse($$$"""
            {"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"web","namespace":"{{{ns}}}",
             "annotations":{"eks.amazonaws.com/role-arn":"arn:aws:iam::123456789012:role/web"} } }
            """)!.AsObject();

        // Server-side apply of a new object needs create and patch; both are granted for every child kind.
        await ClusterClient.ApplyOrThrowAsync(op, serviceAccount);
        await ClusterClient.ApplyOrThrowAsync(op, deployment);
        await ClusterClient.ApplyOrThrowAsync(op, service);
        await ClusterClient.ApplyOrThrowAsync(op, deployment);
        (await ClusterClient.StatusOfAsync(op.DeleteAsync($"/apis/apps/v1/namespaces/{ns}/deployments/web"))).ShouldBe(HttpStatusCode.OK);
        (await ClusterClient.StatusOfAsync(op.DeleteAsync($"/api/v1/namespaces/{ns}/services/web"))).ShouldBe(HttpStatusCode.OK);

        var configMap = JsonNode.Parse($$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"web","namespace":"{{{ns}}}"}}""")!.AsObject();
        (await ClusterClient.StatusOfAsync(ClusterClient.ApplyAsync(op, configMap))).ShouldBe(HttpStatusCode.Forbidden);
        // ServiceAccounts are left to garbage collection: no delete.
        (await ClusterClient.StatusOfAsync(op.DeleteAsync($"/api/v1/namespaces/{ns}/serviceaccounts/web"))).ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Operator_can_hold_a_lease_only_in_its_own_namespace()
    {
        var ns = await fixture.CreateNamespaceAsync("rbac");
        using var op = await InstallAndConnectAsOperatorAsync();
        var leaseName = "ecsbridge-leader-" + Guid.NewGuid().ToString("N")[..8];
        var lease = new JsonObject
        {
            ["apiVersion"] = "coordination.k8s.io/v1", ["kind"] = "Lease",
            ["metadata"] = new JsonObject { ["name"] = leaseName },
            ["spec"] = new JsonObject { ["holderIdentity"] = "pod-a", ["leaseDurationSeconds"] = 15 },
        };
        var leases = $"/apis/coordination.k8s.io/v1/namespaces/{OperatorNamespace}/leases";

        (await ClusterClient.StatusOfAsync(op.PostAsJsonAsync(leases, lease))).ShouldBe(HttpStatusCode.Created);
        var current = (await op.GetFromJsonAsync<JsonObject>($"{leases}/{leaseName}"))!;
        current["spec"]!["holderIdentity"] = "pod-b";
        (await ClusterClient.StatusOfAsync(op.PutAsJsonAsync($"{leases}/{leaseName}", current))).ShouldBe(HttpStatusCode.OK);

        (await ClusterClient.StatusOfAsync(op.GetAsync(leases))).ShouldBe(HttpStatusCode.Forbidden);
        (await ClusterClient.StatusOfAsync(op.DeleteAsync($"{leases}/{leaseName}"))).ShouldBe(HttpStatusCode.Forbidden);
        (await ClusterClient.StatusOfAsync(op.PostAsJsonAsync($"/apis/coordination.k8s.io/v1/namespaces/{ns}/leases", lease)))
            .ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("ecsservices", "", "list", true)]
    [InlineData("ecsservices", "", "watch", true)]
    [InlineData("ecsservices", "", "patch", true)]
    [InlineData("ecsservices", "status", "patch", true)]
    [InlineData("ecstaskdefinitions", "", "get", true)]
    [InlineData("ecstaskdefinitions", "status", "update", true)]
    [InlineData("ecsservices", "", "create", false)]
    [InlineData("ecsservices", "", "delete", false)]
    [InlineData("ecstaskdefinitions", "", "delete", false)]
    [InlineData("ecsservices", "scale", "update", false)]
    [InlineData("ecstasks", "", "watch", true)]
    [InlineData("ecstasks", "", "delete", true)]
    [InlineData("ecstasks", "status", "patch", true)]
    [InlineData("ecstasks", "", "create", true)]
    [InlineData("ecstasks", "", "deletecollection", false)]
    public async Task Operator_rights_on_ecsbridge_resources_are_exactly_the_granted_verbs(string resource, string subresource, string verb, bool allowed)
    {
        using var op = await InstallAndConnectAsOperatorAsync();
        var review = new JsonObject
        {
            ["apiVersion"] = "authorization.k8s.io/v1", ["kind"] = "SelfSubjectAccessReview",
            ["spec"] = new JsonObject
            {
                ["resourceAttributes"] = new JsonObject
                {
                    ["group"] = "ecsbridge.io", ["resource"] = resource, ["subresource"] = subresource,
                    ["verb"] = verb, ["namespace"] = "team-a",
                },
            },
        };

        using var response = await op.PostAsJsonAsync("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", review);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var status = (await response.Content.ReadFromJsonAsync<JsonObject>())!["status"]!;
        (status["allowed"]?.GetValue<bool>() ?? false).ShouldBe(allowed, status.ToJsonString());
    }

    [Fact]
    public async Task The_built_in_edit_role_gains_ecsbridge_rights_through_aggregation()
    {
        using var admin = fixture.Plane.CreateAdminHttpClient();
        await InstallRbacAsync(admin);

        // The clusterrole-aggregation controller in kube-controller-manager merges labelled roles into "edit".
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var resources = new List<string>();
        while (DateTime.UtcNow < deadline)
        {
            var edit = (await admin.GetFromJsonAsync<JsonObject>("/apis/rbac.authorization.k8s.io/v1/clusterroles/edit"))!;
            resources = ((edit["rules"] as JsonArray) ?? []).OfType<JsonObject>()
                .Where(r => (r["apiGroups"] as JsonArray)?.Any(g => g?.GetValue<string>() == "ecsbridge.io") == true)
                .SelectMany(r => ((r["resources"] as JsonArray) ?? []).Select(x => x!.GetValue<string>())).ToList();
            if (resources.Contains("ecsservices") && resources.Contains("ecstaskdefinitions"))
            {
                break;
            }
            await Task.Delay(200);
        }

        resources.ShouldContain("ecsservices");
        resources.ShouldContain("ecstaskdefinitions");
        resources.ShouldContain("ecsservices/scale");
    }

    /// <summary>Applies the namespace and config/rbac as the default overlay renders them (idempotent).</summary>
    private async Task InstallRbacAsync(HttpClient admin)
    {
        var ns = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = OperatorNamespace } };
        await ClusterClient.ApplyOrThrowAsync(admin, ns);
        foreach (var obj in KustomizeLite.Build(fixture.RepositoryRoot, Path.Combine("config", "rbac")))
        {
            await ClusterClient.ApplyOrThrowAsync(admin, obj);
        }
    }

    private async Task<HttpClient> InstallAndConnectAsOperatorAsync()
    {
        using (var admin = fixture.Plane.CreateAdminHttpClient())
        {
            await InstallRbacAsync(admin);
        }
        var serviceAccount = KustomizeLite.Build(fixture.RepositoryRoot, Path.Combine("config", "rbac"))
            .Single(o => o["kind"]!.GetValue<string>() == "ServiceAccount")["metadata"]!["name"]!.GetValue<string>();
        serviceAccount.ShouldBe("ecsbridge-controller-manager");
        var kubeconfig = fixture.Plane.WriteKubeconfigFor(
            $"system:serviceaccount:{OperatorNamespace}:{serviceAccount}", "system:serviceaccounts", $"system:serviceaccounts:{OperatorNamespace}");
        var op = ClusterClient.FromKubeconfig(kubeconfig);
        await WaitUntilAuthorizedAsync(op);
        return op;
    }

    // The authorizer learns new bindings through its informers, a moment after the apply returns.
    private async Task WaitUntilAuthorizedAsync(HttpClient op)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var clusterWide = await ClusterClient.StatusOfAsync(op.GetAsync("/apis/apps/v1/deployments?limit=1"));
            var lease = await ClusterClient.StatusOfAsync(op.GetAsync($"/apis/coordination.k8s.io/v1/namespaces/{OperatorNamespace}/leases/probe"));
            if (clusterWide == HttpStatusCode.OK && lease == HttpStatusCode.NotFound)
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"operator bindings not effective within 30 s (deployments {clusterWide}, lease {lease})");
            }
            await Task.Delay(100);
        }
    }
}
