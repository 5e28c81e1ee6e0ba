using EcsBridge.Kubernetes.Config;

namespace EcsBridge.UnitTests.Kubernetes;

public sealed class KubeConfigLoaderTests : IDisposable
{
    private readonly TempKubeconfigs _files = new();

    public void Dispose() => _files.Dispose();

    private static string Config(string cluster, string server, string user, string token, string context, string? current = null, string? ns = null) =>
        $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: {cluster}
          cluster:
            server: {server}
        users:
        - name: {user}
          user:
            token: {token}
        contexts:
        - name: {context}
          context:
            cluster: {cluster}
            user: {user}
        {(ns is null ? "" : "    namespace: " + ns)}
        {(current is null ? "" : "current-context: " + current)}
        """;

    private KubeConfigEnvironment Env(string? kubeconfig, string? home = null, IDictionary<string, string>? extra = null)
    {
        var variables = new Dictionary<string, string>(extra ?? new Dictionary<string, string>());
        if (kubeconfig is not null)
        {
            variables["KUBECONFIG"] = kubeconfig;
        }
        return KubeConfigEnvironment.FromVariables(variables, home) with { ServiceAccountRoot = Path.Combine(_files.Root, "no-sa") };
    }

    [Fact]
    public void The_first_file_in_KUBECONFIG_to_define_a_name_wins_and_its_current_context_is_used()
    {
        var first = _files.Write("a/config", Config("shared", "https://first:6443", "alice", "token-a", "ctx-a", current: "ctx-a", ns: "team-a"));
        var second = _files.Write("b/config", Config("shared", "https://second:6443", "bob", "token-b", "ctx-b", current: "ctx-b"));

        var settings = KubeClientSettings.Load(environment: Env(first + Path.PathSeparator + second));

        settings.Server.ShouldBe(new Uri("https://first:6443"));
        settings.Token.ShouldBe("token-a");
        settings.Namespace.ShouldBe("team-a");
    }

    [Fact]
    public void A_context_from_a_later_file_can_use_a_cluster_defined_only_in_an_earlier_file()
    {
        var first = _files.Write("a/config", Config("shared", "https://first:6443", "alice", "token-a", "ctx-a"));
        var second = _files.Write("b/config", Config("shared", "https://second:6443", "bob", "token-b", "ctx-b", current: "ctx-b"));

        var settings = KubeClientSettings.Load(environment: Env(first + Path.PathSeparator + second));

        // current-context comes from the second file (the first sets none); cluster "shared" from the first.
        settings.Server.ShouldBe(new Uri("https://first:6443"));
        settings.Token.ShouldBe("token-b");
        settings.Namespace.ShouldBe("default");
    }

    [Fact]
    public void An_explicit_context_overrides_current_context()
    {
        var path = _files.Write("config", Config("c", "https://one:6443", "u", "t", "ctx", current: "ctx")
            + "\n" + "");
        var both = _files.Write("other", Config("c2", "https://two:6443", "u2", "t2", "ctx2"));

        var settings = KubeClientSettings.Load(environment: Env(path + Path.PathSeparator + both), context: "ctx2");

        settings.Server.ShouldBe(new Uri("https://two:6443"));
        settings.Source.ShouldContain("ctx2");
    }

    [Fact]
    public void Missing_files_in_KUBECONFIG_are_skipped()
    {
        var path = _files.Write("config", Config("c", "https://one:6443", "u", "t", "ctx", current: "ctx"));

        var settings = KubeClientSettings.Load(environment: Env(Path.Combine(_files.Root, "missing") + Path.PathSeparator + path));

        settings.Server.ShouldBe(new Uri("https://one:6443"));
    }

    [Fact]
    public void An_explicit_path_wins_over_KUBECONFIG_and_home()
    {
        var fromEnv = _files.Write("env", Config("c", "https://env:6443", "u", "t", "ctx", current: "ctx"));
        var explicitPath = _files.Write("explicit", Config("c", "https://explicit:6443", "u", "t", "ctx", current: "ctx"));

        var settings = KubeClientSettings.Load(explicitPath, environment: Env(fromEnv));

        settings.Server.ShouldBe(new Uri("https://explicit:6443"));
    }

    [Fact]
    public void The_home_kubeconfig_is_used_when_KUBECONFIG_is_unset()
    {
        _files.Write("home/.kube/config", Config("c", "https://home:6443", "u", "t", "ctx", current: "ctx"));

        var settings = KubeClientSettings.Load(environment: Env(null, home: Path.Combine(_files.Root, "home")));

        settings.Server.ShouldBe(new Uri("https://home:6443"));
    }

    [Fact]
    public void Relative_paths_are_resolved_against_the_kubeconfig_that_names_them()
    {
        var (cert, key) = TempKubeconfigs.SelfSigned();
        _files.Write("dir/pki/ca.crt", cert);
        _files.Write("dir/pki/client.crt", cert);
        _files.Write("dir/pki/client.key", key);
        _files.Write("dir/token", "from-file\n");
        var path = _files.Write("dir/config", """
            clusters:
            - name: c
              cluster:
                server: https://example:6443
                certificate-authority: pki/ca.crt
                tls-server-name: kubernetes.default
                proxy-url: http://proxy:3128
            users:
            - name: u
              user:
                client-certificate: pki/client.crt
                client-key: pki/client.key
                tokenFile: token
            contexts:
            - name: ctx
              context: {cluster: c, user: u}
            current-context: ctx
            """);

        var settings = KubeClientSettings.FromKubeconfig(path);

        settings.CertificateAuthorityPem.ShouldBe(cert);
        settings.ClientCertificatePem.ShouldBe(cert);
        settings.ClientKeyPem.ShouldBe(key);
        settings.TokenFile.ShouldBe(Path.Combine(_files.Root, "dir", "token"));
        settings.TlsServerName.ShouldBe("kubernetes.default");
        settings.ProxyUrl.ShouldBe(new Uri("http://proxy:3128"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Embedded_client_certificates_with_RSA_and_EC_keys_load(bool ec)
    {
        var (cert, key) = TempKubeconfigs.SelfSigned(ec);
        var path = _files.Write("config", $"""
            clusters:
            - name: c
              cluster: {"{"}server: "https://example:6443", insecure-skip-tls-verify: true{"}"}
            users:
            - name: u
              user:
                client-certificate-data: {TempKubeconfigs.Base64(cert)}
                client-key-data: {TempKubeconfigs.Base64(key)}
            contexts:
            - name: ctx
              context: {"{"}cluster: c, user: u{"}"}
            current-context: ctx
            """);

        var settings = KubeClientSettings.FromKubeconfig(path);

        settings.InsecureSkipTlsVerify.ShouldBeTrue();
        settings.ClientKeyPem.ShouldBe(key);
    }

    [Fact]
    public void Exec_plugins_are_read_with_args_env_and_interactive_mode()
    {
        var path = _files.Write("config", """
            clusters:
            - name: c
              cluster: {server: "https://example:6443"}
            users:
            - name: u
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: ./bin/get-token
                  args: [--cluster, prod]
                  env:
                  - {name: REGION, value: eu-west-1}
                  interactiveMode: Never
                  provideClusterInfo: true
            contexts:
            - name: ctx
              context: {cluster: c, user: u}
            current-context: ctx
            """);

        var exec = KubeClientSettings.FromKubeconfig(path).Exec.ShouldNotBeNull();

        exec.Command.ShouldBe("./bin/get-token");
        exec.Args.ShouldBe(["--cluster", "prod"]);
        exec.Env.ShouldBe([new KeyValuePair<string, string>("REGION", "eu-west-1")]);
        exec.InteractiveMode.ShouldBe("Never");
        exec.ProvideClusterInfo.ShouldBeTrue();
        exec.BaseDirectory.ShouldBe(_files.Root);
    }

    [Fact]
    public void In_cluster_settings_come_from_the_service_account_folder_and_the_environment()
    {
        var (cert, _) = TempKubeconfigs.SelfSigned();
        _files.Write("sa/token", "abc");
        _files.Write("sa/ca.crt", cert);
        _files.Write("sa/namespace", "operators\n");
        var env = KubeConfigEnvironment.FromVariables(new Dictionary<string, string>
        {
            ["KUBERNETES_SERVICE_HOST"] = "10.0.0.1",
            ["KUBERNETES_SERVICE_PORT"] = "443",
        }) with { ServiceAccountRoot = Path.Combine(_files.Root, "sa") };

        var settings = KubeClientSettings.Load(environment: env);

        settings.Server.ShouldBe(new Uri("https://10.0.0.1:443"));
        settings.Namespace.ShouldBe("operators");
        settings.TokenFile.ShouldBe(Path.Combine(_files.Root, "sa", "token"));
        settings.CertificateAuthorityPem.ShouldBe(cert);
    }
}
