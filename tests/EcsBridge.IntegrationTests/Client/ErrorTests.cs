using System.Net;
using System.Net.Sockets;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes;
using EcsBridge.Kubernetes.Config;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.IntegrationTests.Client;

/// <summary>Each kind of refusal from the real API server arrives as its own exception type.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class ErrorTests(ControlPlaneFixture fixture)
{
    private static ConfigMap Named(string name) => new() { Metadata = new ObjectMeta { Name = name } };

    [Fact]
    public async Task A_missing_object_is_NotFound()
    {
        var ns = await fixture.CreateNamespaceAsync("err");
        using var client = fixture.CreateAdminClient();

        var error = await Should.ThrowAsync<KubeNotFoundException>(() => client.GetAsync(ResourceType.ConfigMaps, ns, "nope", KubeJsonContext.Default.ConfigMap));

        error.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        error.Message.ShouldBe($"get configmaps \"nope\" in namespace \"{ns}\": configmaps \"nope\" not found (404 NotFound)");
    }

    [Fact]
    public async Task Creating_twice_is_AlreadyExists()
    {
        var ns = await fixture.CreateNamespaceAsync("err");
        using var client = fixture.CreateAdminClient();
        await client.CreateAsync(ResourceType.ConfigMaps, ns, Named("dup"), KubeJsonContext.Default.ConfigMap);

        var error = await Should.ThrowAsync<KubeAlreadyExistsException>(() => client.CreateAsync(ResourceType.ConfigMaps, ns, Named("dup"), KubeJsonContext.Default.ConfigMap));

        error.Reason.ShouldBe("AlreadyExists");
    }

    [Fact]
    public async Task Replacing_with_a_stale_resourceVersion_is_a_Conflict()
    {
        var ns = await fixture.CreateNamespaceAsync("err");
        using var client = fixture.CreateAdminClient();
        var original = await client.CreateAsync(ResourceType.ConfigMaps, ns, Named("cas"), KubeJsonContext.Default.ConfigMap);
        await client.ReplaceAsync(ResourceType.ConfigMaps, ns, "cas", original with { Data = new Dictionary<string, string> { ["a"] = "1" } }, KubeJsonContext.Default.ConfigMap);

        var error = await Should.ThrowAsync<KubeConflictException>(() => client.ReplaceAsync(ResourceType.ConfigMaps, ns, "cas",
            original with { Data = new Dictionary<string, string> { ["a"] = "2" } }, KubeJsonContext.Default.ConfigMap));

        error.IsConflict.ShouldBeTrue();
        error.Reason.ShouldBe("Conflict");
    }

    [Fact]
    public async Task An_invalid_object_is_Invalid_with_the_bad_fields()
    {
        var ns = await fixture.CreateNamespaceAsync("err");
        using var client = fixture.CreateAdminClient();

        var error = await Should.ThrowAsync<KubeInvalidException>(() => client.CreateAsync(ResourceType.ConfigMaps, ns,
            new ConfigMap { Metadata = new ObjectMeta { Name = "Not_Valid" }, Data = new Dictionary<string, string> { ["bad key!"] = "x" } },
            KubeJsonContext.Default.ConfigMap));

        error.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        error.Causes.ShouldContain(c => c.Field == "metadata.name");
        error.Causes.ShouldContain(c => c.Field == "data[bad key!]");
    }

    [Fact]
    public async Task A_user_without_rights_is_Forbidden()
    {
        using var client = fixture.CreateClientFor("nobody");

        var error = await Should.ThrowAsync<KubeForbiddenException>(() => client.ListAsync(ResourceType.ConfigMaps, "default", KubeJsonContext.Default.ConfigMap));

        error.Message.ShouldContain("User \"nobody\" cannot list resource \"configmaps\"");
    }

    [Fact]
    public async Task A_bad_token_is_Unauthorized()
    {
        using var client = new KubeClient(fixture.AdminSettings() with { ClientCertificatePem = null, ClientKeyPem = null, Token = "not-a-real-token" });

        var error = await Should.ThrowAsync<KubeUnauthorizedException>(() => client.ListAsync(ResourceType.ConfigMaps, "default", KubeJsonContext.Default.ConfigMap));

        error.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        client.Metrics.Count("list", "401").ShouldBe(1);
    }

    [Fact]
    public async Task A_server_that_is_not_there_fails_fast_with_a_message_a_person_understands()
    {
        int closedPort;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        using var client = new KubeClient(fixture.AdminSettings() with { Server = new Uri($"https://127.0.0.1:{closedPort}") });

        var error = await Should.ThrowAsync<KubeConnectionException>(() => client.ListAsync(ResourceType.ConfigMaps, "default", KubeJsonContext.Default.ConfigMap));

        error.ShouldBeAssignableTo<KubeException>();
        error.Message.ShouldStartWith($"cannot reach the Kubernetes API at https://127.0.0.1:{closedPort} (kubeconfig ");
        error.Message.ShouldEndWith("connection refused (is the API server running and the address right?)");
        error.Message.ShouldNotContain("\n");
    }

    [Fact]
    public async Task A_server_certificate_from_another_CA_is_refused_with_a_TLS_message()
    {
        var other = fixture.AdminSettings();
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=other-ca", rsa,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var otherCa = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var client = new KubeClient(other with { CertificateAuthorityPem = otherCa.ExportCertificatePem() });

        var error = await Should.ThrowAsync<KubeConnectionException>(() => client.GetRawAsync("/version"));

        error.Message.ShouldContain("TLS handshake failed");
    }
}
