using System.Text;
using System.Text.Json.Nodes;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;

namespace EcsBridge.IntegrationTests.Client;

internal static class ServiceAccounts
{
    /// <summary>Creates a ServiceAccount bound to <paramref name="clusterRole"/> in <paramref name="ns"/> and returns its
    /// token, which the controller manager's token controller puts into a Secret (Kubernetes 1.20).</summary>
    public static async Task<(string Token, string SecretName)> CreateTokenAsync(KubeClient admin, string ns, string name, string clusterRole = "edit")
    {
        await admin.CreateAsync(ResourceType.ServiceAccounts, ns,
            Node($$$"""{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"{{{name}}}"}}"""), KubeJsonContext.Default.JsonNode);
        await admin.CreateAsync(ResourceType.RoleBindings, ns, Node($$$"""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"{{{name}}}"},
             "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"{{{clusterRole}}}"},
             "subjects":[{"kind":"ServiceAccount","name":"{{{name}}}","namespace":"{{{ns}}}"}]}
            """), KubeJsonContext.Default.JsonNode);
        var secretName = await Wait.ValueAsync(async () =>
        {
            var sa = await admin.GetAsync(ResourceType.ServiceAccounts, ns, name, KubeJsonContext.Default.JsonNode);
            return sa["secrets"]?.AsArray().FirstOrDefault()?["name"]?.GetValue<string>();
        }, "the token controller to give " + name + " a secret");
        var token = await Wait.ValueAsync(async () =>
        {
            var secret = await admin.GetAsync(ResourceType.Secrets, ns, secretName, KubeJsonContext.Default.JsonNode);
            return secret["data"]?["token"]?.GetValue<string>();
        }, "the token in " + secretName);
        return (Encoding.UTF8.GetString(Convert.FromBase64String(token)), secretName);
    }

    public static JsonNode Node(string json) => JsonNode.Parse(json)!;
}
