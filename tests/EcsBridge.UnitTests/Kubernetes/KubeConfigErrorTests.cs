using EcsBridge.Kubernetes.Config;

namespace EcsBridge.UnitTests.Kubernetes;

/// <summary>Every way a configuration can be wrong gives one line that says what and where.</summary>
public sealed class KubeConfigErrorTests : IDisposable
{
    private readonly TempKubeconfigs _files = new();

    public void Dispose() => _files.Dispose();

    private const string Valid = """
        clusters:
        - name: c
          cluster: {server: "https://example:6443"}
        users:
        - name: u
          user: {token: t}
        contexts:
        - name: ctx
          context: {cluster: c, user: u}
        current-context: ctx
        """;

    private static string Message(Action action)
    {
        var error = Should.Throw<KubeConfigException>(action);
        error.Message.ShouldNotContain("\n");
        error.Message.ShouldNotContain("   at ");
        return error.Message;
    }

    [Fact]
    public void No_configuration_at_all_says_where_it_looked()
    {
        var env = KubeConfigEnvironment.FromVariables(new Dictionary<string, string>(), home: _files.Root)
            with { ServiceAccountRoot = Path.Combine(_files.Root, "none") };

        Message(() => KubeClientSettings.Load(environment: env))
            .ShouldBe("no Kubernetes configuration found: pass --kubeconfig, set KUBECONFIG, create ~/.kube/config, or run inside a cluster");
    }

    [Fact]
    public void An_explicit_kubeconfig_that_does_not_exist_is_named()
    {
        var path = Path.Combine(_files.Root, "nope");
        Message(() => KubeClientSettings.Load(path)).ShouldBe($"kubeconfig {path} does not exist");
    }

    [Fact]
    public void KUBECONFIG_naming_only_missing_files_is_reported()
    {
        var env = KubeConfigEnvironment.FromVariables(new Dictionary<string, string> { ["KUBECONFIG"] = "/x/a" });
        Message(() => KubeClientSettings.Load(environment: env)).ShouldBe("KUBECONFIG names /x/a, but none of those files exists");
    }

    [Fact]
    public void An_unknown_context_lists_the_known_ones()
    {
        var path = _files.Write("config", Valid);
        Message(() => KubeClientSettings.FromKubeconfig(path, "prod"))
            .ShouldBe($"context \"prod\" not found in kubeconfig {path} (known: ctx)");
    }

    [Fact]
    public void A_missing_current_context_asks_for_one()
    {
        var path = _files.Write("config", Valid.Replace("current-context: ctx", "", StringComparison.Ordinal));
        Message(() => KubeClientSettings.FromKubeconfig(path)).ShouldContain("has no current-context; choose one with --context");
    }

    [Fact]
    public void A_context_pointing_at_an_undefined_cluster_is_reported()
    {
        var path = _files.Write("config", Valid.Replace("cluster: c, user", "cluster: gone, user", StringComparison.Ordinal));
        Message(() => KubeClientSettings.FromKubeconfig(path)).ShouldContain("refers to cluster \"gone\", which kubeconfig");
    }

    [Fact]
    public void Invalid_YAML_names_the_file_and_line()
    {
        var path = _files.Write("config", "clusters: [\n  - name: c\n  bad: : :\n");
        Message(() => KubeClientSettings.FromKubeconfig(path)).ShouldStartWith($"kubeconfig {path} is not valid YAML (line ");
    }

    [Fact]
    public void An_unreadable_certificate_file_is_named()
    {
        var path = _files.Write("config", Valid.Replace("server: \"https://example:6443\"", "server: \"https://example:6443\", certificate-authority: missing/ca.crt", StringComparison.Ordinal));
        Message(() => KubeClientSettings.FromKubeconfig(path))
            .ShouldBe($"cluster \"c\" certificate-authority: cannot read {Path.Combine(_files.Root, "missing", "ca.crt")}: file not found");
    }

    [Fact]
    public void A_CA_that_is_not_PEM_is_reported()
    {
        var path = _files.Write("config", Valid.Replace("server: \"https://example:6443\"",
            "server: \"https://example:6443\", certificate-authority-data: " + TempKubeconfigs.Base64("not a certificate"), StringComparison.Ordinal));
        Message(() => KubeClientSettings.FromKubeconfig(path)).ShouldBe("cluster \"c\" certificate-authority holds no PEM certificate");
    }

    [Fact]
    public void A_client_key_that_is_not_PEM_is_reported()
    {
        var (cert, _) = TempKubeconfigs.SelfSigned();
        var path = _files.Write("config", Valid.Replace("user: {token: t}",
            $"user: {{client-certificate-data: {TempKubeconfigs.Base64(cert)}, client-key-data: {TempKubeconfigs.Base64("garbage")}}}", StringComparison.Ordinal));
        Message(() => KubeClientSettings.FromKubeconfig(path)).ShouldStartWith("user \"u\" client certificate or key is not valid PEM");
    }

    [Fact]
    public void Base64_that_is_not_base64_is_reported()
    {
        var path = _files.Write("config", Valid.Replace("server: \"https://example:6443\"",
            "server: \"https://example:6443\", certificate-authority-data: '%%%'", StringComparison.Ordinal));
        Message(() => KubeClientSettings.FromKubeconfig(path)).ShouldBe("cluster \"c\" certificate-authority-data is not valid base64");
    }

    [Fact]
    public void A_cluster_without_server_is_reported()
    {
        var path = _files.Write("config", Valid.Replace("{server: \"https://example:6443\"}", "{insecure-skip-tls-verify: true}", StringComparison.Ordinal));
        Message(() => KubeClientSettings.FromKubeconfig(path)).ShouldBe($"cluster \"c\" in kubeconfig {path} has no server");
    }

    [Fact]
    public void Auth_provider_users_are_pointed_to_exec_plugins()
    {
        var path = _files.Write("config", Valid.Replace("user: {token: t}", "user: {auth-provider: {name: gcp}}", StringComparison.Ordinal));
        Message(() => KubeClientSettings.FromKubeconfig(path)).ShouldContain("auth-provider \"gcp\", which is not supported; use an exec credential plugin");
    }

    [Fact]
    public void An_unsupported_exec_api_version_is_reported()
    {
        var path = _files.Write("config", Valid.Replace("user: {token: t}",
            "user: {exec: {command: x, apiVersion: client.authentication.k8s.io/v1alpha1}}", StringComparison.Ordinal));
        Message(() => KubeClientSettings.FromKubeconfig(path)).ShouldContain("asks for client.authentication.k8s.io/v1alpha1");
    }

    [Fact]
    public void In_cluster_without_a_token_file_is_reported()
    {
        var env = KubeConfigEnvironment.FromVariables(new Dictionary<string, string>
        {
            ["KUBERNETES_SERVICE_HOST"] = "10.0.0.1",
            ["KUBERNETES_SERVICE_PORT"] = "443",
        }) with { ServiceAccountRoot = _files.Root };
        Message(() => KubeClientSettings.Load(environment: env))
            .ShouldBe($"in-cluster service-account token: cannot read {Path.Combine(_files.Root, "token")}: file not found");
    }
}
