using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EcsBridge.IntegrationTests.Infrastructure;

namespace EcsBridge.IntegrationTests.ControlPlane;

/// <summary>Proves the control plane is real: controllers run and garbage collection happens.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class ControlPlaneSmokeTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task A_Deployment_gets_a_ReplicaSet_from_the_controller_manager()
    {
        var ns = await fixture.CreateNamespaceAsync("smoke");
        using var http = fixture.Plane.CreateAdminHttpClient();
        var deployment = JsonNode.Parse($$$"""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"{{{ns}}}"},
             "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
                     "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx:1.27"}] } } } }
            """)!;
        using (var created = await http.PostAsJsonAsync($"/apis/apps/v1/namespaces/{ns}/deployments", deployment))
        {
            created.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var replicaSets = await Eventually(async () =>
        {
            var list = await http.GetFromJsonAsync<JsonNode>($"/apis/apps/v1/namespaces/{ns}/replicasets");
            var items = list!["items"]!.AsArray();
            return items.Count > 0 ? items : null;
        });
        var owner = replicaSets[0]!["metadata"]!["ownerReferences"]![0]!;
        owner["kind"]!.GetValue<string>().ShouldBe("Deployment");
        owner["name"]!.GetValue<string>().ShouldBe("web");
    }

    [Fact]
    public async Task Deleting_an_owner_collects_its_dependent()
    {
        var ns = await fixture.CreateNamespaceAsync("smoke");
        using var http = fixture.Plane.CreateAdminHttpClient();
        var ownerBody = JsonNode.Parse($$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"owner","namespace":"{{{ns}}}"}}""")!;
        using var ownerResponse = await http.PostAsJsonAsync($"/api/v1/namespaces/{ns}/configmaps", ownerBody);
        var ownerUid = (await ownerResponse.Content.ReadFromJsonAsync<JsonNode>())!["metadata"]!["uid"]!.GetValue<string>();
        var child = JsonNode.Parse($$$"""
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"child","namespace":"{{{ns}}}",
             "ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"owner","uid":"{{{ownerUid}}}"}]}}
            """)!;
        using (var created = await http.PostAsJsonAsync($"/api/v1/namespaces/{ns}/configmaps", child))
        {
            created.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        using (var deleted = await http.DeleteAsync($"/api/v1/namespaces/{ns}/configmaps/owner"))
        {
            deleted.IsSuccessStatusCode.ShouldBeTrue();
        }

        var gone = await Eventually(async () =>
        {
            using var response = await http.GetAsync($"/api/v1/namespaces/{ns}/configmaps/child");
            return response.StatusCode == HttpStatusCode.NotFound ? "gone" : null;
        });
        gone.ShouldBe("gone");
    }

    private static async Task<T> Eventually<T>(Func<Task<T?>> probe) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("condition not reached within 60 s");
    }
}
