using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace EcsBridge.IntegrationTests.Install;

/// <summary>Raw HTTP helpers for the install tests: a client for the identity in a kubeconfig (embedded client
/// certificate), object URLs, and server-side apply.</summary>
internal static class ClusterClient
{
    public const string FieldManager = "ecsbridge-install-test";

    /// <summary>An HttpClient that authenticates with the kubeconfig's embedded client certificate and trusts its CA.</summary>
    public static HttpClient FromKubeconfig(string kubeconfigPath)
    {
        var config = KustomizeLite.LoadDocuments(kubeconfigPath).Single();
        var cluster = config["clusters"]![0]!["cluster"]!;
        var user = config["users"]![0]!["user"]!;
        static string Decode(JsonNode? data) => Encoding.ASCII.GetString(Convert.FromBase64String(data!.GetValue<string>()));

        var ca = X509Certificate2.CreateFromPem(Decode(cluster["certificate-authority-data"]));
        var clientCert = X509Certificate2.CreateFromPem(Decode(user["client-certificate-data"]), Decode(user["client-key-data"]));
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [clientCert],
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    if (certificate is null)
                    {
                        return false;
                    }
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(new X509Certificate2(certificate));
                },
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri(cluster["server"]!.GetValue<string>()) };
    }

    /// <summary>The URL of an object, from its apiVersion, kind, namespace and name.</summary>
    public static string ObjectUrl(JsonObject obj)
    {
        var apiVersion = obj["apiVersion"]!.GetValue<string>();
        var metadata = obj["metadata"]!;
        var ns = metadata["namespace"]?.GetValue<string>();
        var collection = CollectionUrl(apiVersion, Plural(obj["kind"]!.GetValue<string>()), ns);
        return $"{collection}/{metadata["name"]!.GetValue<string>()}";
    }

    public static string CollectionUrl(string apiVersion, string plural, string? ns)
    {
        var root = apiVersion.Contains('/', StringComparison.Ordinal) ? "/apis/" + apiVersion : "/api/" + apiVersion;
        return ns is null ? $"{root}/{plural}" : $"{root}/namespaces/{ns}/{plural}";
    }

    /// <summary>Server-side apply (PATCH application/apply-patch+yaml; JSON is YAML) with force, as the operator applies.</summary>
    public static async Task<HttpResponseMessage> ApplyAsync(HttpClient http, JsonObject obj, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"{ObjectUrl(obj)}?fieldManager={FieldManager}&force=true")
        {
            Content = new StringContent(obj.ToJsonString()),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/apply-patch+yaml");
        return await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public static async Task ApplyOrThrowAsync(HttpClient http, JsonObject obj, CancellationToken cancellationToken = default)
    {
        using var response = await ApplyAsync(http, obj, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"apply {ObjectUrl(obj)}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}",
                null, response.StatusCode);
        }
    }

    public static async Task<HttpStatusCode> StatusOfAsync(Task<HttpResponseMessage> call)
    {
        using var response = await call.ConfigureAwait(false);
        return response.StatusCode;
    }

    private static string Plural(string kind) => kind switch
    {
        "Namespace" => "namespaces",
        "ServiceAccount" => "serviceaccounts",
        "Service" => "services",
        "ConfigMap" => "configmaps",
        "Secret" => "secrets",
        "Deployment" => "deployments",
        "Lease" => "leases",
        "ClusterRole" => "clusterroles",
        "ClusterRoleBinding" => "clusterrolebindings",
        "Role" => "roles",
        "RoleBinding" => "rolebindings",
        _ => throw new NotSupportedException("no plural known for kind " + kind),
    };
}
