using System.Text;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Config;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.IntegrationTests.Client;

/// <summary>Each way of authenticating that can be exercised locally, against the real API server.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class AuthenticationTests(ControlPlaneFixture fixture) : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("ecsbridge-auth-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private string Write(string name, string content, bool executable = false)
    {
        var path = Path.Combine(_scratch, name);
        File.WriteAllText(path, content);
        if (executable && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    private string KubeconfigWithUser(string userYaml) => Write("kubeconfig-" + Guid.NewGuid().ToString("N")[..6], $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: local
          cluster:
            server: {fixture.Plane.ApiServerUrl.ToString().TrimEnd('/')}
            certificate-authority-data: {Convert.ToBase64String(Encoding.UTF8.GetBytes(fixture.Plane.CaPem))}
        users:
        - name: me
          user:
        {userYaml}
        contexts:
        - name: local
          context: {"{"}cluster: local, user: me{"}"}
        current-context: local
        """);

    private static async Task<int> CountConfigMapsAsync(KubeClient client, string ns) =>
        (await client.ListAsync(ResourceType.ConfigMaps, ns, KubeJsonContext.Default.ConfigMap)).Items.Count;

    [Fact]
    public async Task A_client_certificate_from_the_fixture_kubeconfig_authenticates()
    {
        using var client = fixture.CreateAdminClient();

        var namespaces = await client.ListAsync(ResourceType.Namespaces, null, KubeJsonContext.Default.KubeObject);

        namespaces.Items.ShouldContain(n => n.Metadata.Name == "kube-system");
        client.Settings.ClientCertificatePem.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_service_account_token_authenticates_with_the_rights_of_its_binding()
    {
        var ns = await fixture.CreateNamespaceAsync("auth");
        using var admin = fixture.CreateAdminClient();
        var (token, _) = await ServiceAccounts.CreateTokenAsync(admin, ns, "reader");
        using var client = new KubeClient(KubeClientSettings.FromKubeconfig(KubeconfigWithUser($"    token: {token}")));

        (await CountConfigMapsAsync(client, ns)).ShouldBeGreaterThanOrEqualTo(0);
        var error = await Should.ThrowAsync<KubeForbiddenException>(() => CountConfigMapsAsync(client, "kube-system"));
        error.Message.ShouldContain($"system:serviceaccount:{ns}:reader");
    }

    [Fact]
    public async Task An_exec_plugin_printing_a_token_authenticates()
    {
        var ns = await fixture.CreateNamespaceAsync("auth");
        using var admin = fixture.CreateAdminClient();
        var (token, _) = await ServiceAccounts.CreateTokenAsync(admin, ns, "exec-token");
        var plugin = Write("token-plugin.sh", $$$"""
            #!/bin/sh
            echo "$KUBERNETES_EXEC_INFO" > {{{_scratch}}}/exec-info
            printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"%s"}}' "$MY_TOKEN"
            """, executable: true);
        var kubeconfig = KubeconfigWithUser($"""
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  command: ./{Path.GetFileName(plugin)}
                  env:
                  - name: MY_TOKEN
                    value: {token}
                  interactiveMode: Never
            """);
        using var client = new KubeClient(KubeClientSettings.FromKubeconfig(kubeconfig));

        (await CountConfigMapsAsync(client, ns)).ShouldBeGreaterThanOrEqualTo(0);
        File.ReadAllText(Path.Combine(_scratch, "exec-info")).ShouldContain("\"interactive\":false");
    }

    [Fact]
    public async Task An_exec_plugin_printing_a_client_certificate_authenticates()
    {
        var identity = KubeClientSettings.FromKubeconfig(fixture.Plane.WriteKubeconfigFor("exec-cert-user", "system:masters"));
        var certFile = Write("exec.crt", identity.ClientCertificatePem!);
        var keyFile = Write("exec.key", identity.ClientKeyPem!);
        var plugin = Write("cert-plugin.py", $$$"""
            #!/usr/bin/env python3
            import json
            print(json.dumps({"apiVersion": "client.authentication.k8s.io/v1", "kind": "ExecCredential",
                              "status": {"clientCertificateData": open("{{{certFile}}}").read(), "clientKeyData": open("{{{keyFile}}}").read()}}))
            """, executable: true);
        using var client = new KubeClient(KubeClientSettings.FromKubeconfig(KubeconfigWithUser($"""
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: {plugin}
                  interactiveMode: IfAvailable
            """)));

        var namespaces = await client.ListAsync(ResourceType.Namespaces, null, KubeJsonContext.Default.KubeObject);

        namespaces.Items.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_rejected_exec_token_runs_the_plugin_again_and_the_request_is_retried_once()
    {
        var ns = await fixture.CreateNamespaceAsync("auth");
        using var admin = fixture.CreateAdminClient();
        var (token, _) = await ServiceAccounts.CreateTokenAsync(admin, ns, "exec-rotate");
        // First run: a stale token. Every later run: the good one.
        var plugin = Write("rotating-plugin.sh", $$$"""
            #!/bin/sh
            if [ -f {{{_scratch}}}/ran ]; then T="{{{token}}}"; else T="stale-token"; touch {{{_scratch}}}/ran; fi
            echo run >> {{{_scratch}}}/runs
            printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' "$T"
            """, executable: true);
        using var client = new KubeClient(KubeClientSettings.FromKubeconfig(KubeconfigWithUser($"""
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: {plugin}
                  interactiveMode: Never
            """)));

        (await CountConfigMapsAsync(client, ns)).ShouldBeGreaterThanOrEqualTo(0);

        File.ReadAllLines(Path.Combine(_scratch, "runs")).Length.ShouldBe(2);
        client.Metrics.Count("list", "401").ShouldBe(1);
        client.Metrics.Count("list", "200").ShouldBe(1);
    }

    [Fact]
    public async Task A_failing_exec_plugin_surfaces_its_stderr()
    {
        var plugin = Write("broken-plugin.sh", "#!/bin/sh\necho 'please run: cloud login' >&2\nexit 1\n", executable: true);
        using var client = new KubeClient(KubeClientSettings.FromKubeconfig(KubeconfigWithUser($"""
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: {plugin}
                  interactiveMode: Never
            """)));

        var error = await Should.ThrowAsync<KubeConfigException>(() => CountConfigMapsAsync(client, "default"));

        error.Message.ShouldBe($"exec plugin \"{plugin}\" failed with exit code 1: please run: cloud login");
    }

    [Fact]
    public async Task In_cluster_settings_work_and_a_rotated_token_file_is_read_again_after_a_401()
    {
        var ns = await fixture.CreateNamespaceAsync("incluster");
        using var admin = fixture.CreateAdminClient();
        var (first, firstSecret) = await ServiceAccounts.CreateTokenAsync(admin, ns, "pod-a");
        var (second, _) = await ServiceAccounts.CreateTokenAsync(admin, ns, "pod-b");
        var root = Directory.CreateDirectory(Path.Combine(_scratch, "serviceaccount")).FullName;
        File.WriteAllText(Path.Combine(root, "token"), first);
        File.WriteAllText(Path.Combine(root, "ca.crt"), fixture.Plane.CaPem);
        File.WriteAllText(Path.Combine(root, "namespace"), ns);
        var environment = KubeConfigEnvironment.FromVariables(new Dictionary<string, string>
        {
            ["KUBERNETES_SERVICE_HOST"] = "127.0.0.1",
            ["KUBERNETES_SERVICE_PORT"] = fixture.Plane.ApiServerUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }) with { ServiceAccountRoot = root };

        var settings = KubeClientSettings.Load(environment: environment);
        settings.Source.ShouldBe("in-cluster service account");
        using var client = new KubeClient(settings);
        (await CountConfigMapsAsync(client, client.DefaultNamespace)).ShouldBeGreaterThanOrEqualTo(0);

        // Rotate: the kubelet writes a new token and the old one stops being valid (its secret is deleted).
        File.WriteAllText(Path.Combine(root, "token"), second);
        await admin.DeleteAsync(ResourceType.Secrets, ns, firstSecret);
        await Wait.TrueAsync(() => UnauthorizedNow(first), "the old token to be rejected");

        (await CountConfigMapsAsync(client, ns)).ShouldBeGreaterThanOrEqualTo(0);
        client.Metrics.Count("list", "401").ShouldBe(1);
    }

    private async Task<bool> UnauthorizedNow(string token)
    {
        using var probe = new KubeClient(KubeClientSettings.FromKubeconfig(KubeconfigWithUser($"    token: {token}")));
        try
        {
            await probe.GetRawAsync("/api");
            return false;
        }
        catch (KubeUnauthorizedException)
        {
            return true;
        }
    }
}
