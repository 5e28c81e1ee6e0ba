using EcsBridge.Kubernetes.Config;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcsBridge.UnitTests.Kubernetes;

/// <summary>Runs real (tiny shell-script) plugins: caching, expiry, KUBERNETES_EXEC_INFO and failure messages.</summary>
public sealed class ExecCredentialProviderTests : IDisposable
{
    private readonly TempKubeconfigs _files = new();

    public void Dispose() => _files.Dispose();

    private string Script(string name, string body)
    {
        var path = _files.Write(name, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    private ExecCredentialProvider Provider(string command, TimeProvider? time = null, IReadOnlyList<string>? args = null) =>
        new(new ExecConfig { Command = command, ApiVersion = "client.authentication.k8s.io/v1", BaseDirectory = _files.Root, Args = args ?? [] },
            new KubeClientSettings { Server = new Uri("https://example:6443") }, time ?? TimeProvider.System, NullLogger.Instance);

    [Fact]
    public async Task The_credential_is_cached_until_it_expires()
    {
        var counter = Path.Combine(_files.Root, "count");
        var script = Script("plugin.sh", $$$"""
            echo x >> {{{counter}}}
            echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"tok","expirationTimestamp":"2100-01-01T00:00:00Z"}}'
            """);
        using var provider = Provider(script);

        (await provider.GetAsync(CancellationToken.None)).Token.ShouldBe("tok");
        await provider.GetAsync(CancellationToken.None);
        File.ReadAllLines(counter).Length.ShouldBe(1);

        provider.Invalidate();
        await provider.GetAsync(CancellationToken.None);
        File.ReadAllLines(counter).Length.ShouldBe(2);
    }

    [Fact]
    public async Task An_expired_credential_runs_the_plugin_again()
    {
        var counter = Path.Combine(_files.Root, "count");
        var script = Script("plugin.sh", $$$"""
            echo x >> {{{counter}}}
            echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"tok","expirationTimestamp":"2000-01-01T00:00:00Z"}}'
            """);
        using var provider = Provider(script);

        await provider.GetAsync(CancellationToken.None);
        await provider.GetAsync(CancellationToken.None);

        File.ReadAllLines(counter).Length.ShouldBe(2);
    }

    [Fact]
    public async Task The_plugin_gets_KUBERNETES_EXEC_INFO_and_its_arguments()
    {
        var seen = Path.Combine(_files.Root, "seen");
        var script = Script("plugin.sh", $$$"""
            echo "$KUBERNETES_EXEC_INFO $1" > {{{seen}}}
            echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"tok"}}'
            """);
        using var provider = Provider(script, args: ["--flag"]);

        await provider.GetAsync(CancellationToken.None);

        File.ReadAllText(seen).Trim().ShouldBe("""{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","spec":{"interactive":false}} --flag""");
    }

    [Fact]
    public async Task A_failing_plugin_reports_its_exit_code_and_stderr()
    {
        var script = Script("plugin.sh", "echo 'token expired, run login' >&2\nexit 3");
        using var provider = Provider(script);

        var error = await Should.ThrowAsync<KubeConfigException>(() => provider.GetAsync(CancellationToken.None).AsTask());

        error.Message.ShouldBe($"exec plugin \"{script}\" failed with exit code 3: token expired, run login");
    }

    [Fact]
    public async Task A_missing_plugin_is_reported_as_not_startable()
    {
        using var provider = Provider("./no-such-plugin");

        var error = await Should.ThrowAsync<KubeConfigException>(() => provider.GetAsync(CancellationToken.None).AsTask());

        error.Message.ShouldStartWith("exec plugin \"./no-such-plugin\" could not be started");
    }

    [Fact]
    public async Task A_plugin_printing_garbage_is_reported()
    {
        var script = Script("plugin.sh", "echo hello");
        using var provider = Provider(script);

        var error = await Should.ThrowAsync<KubeConfigException>(() => provider.GetAsync(CancellationToken.None).AsTask());

        error.Message.ShouldStartWith($"exec plugin \"{script}\" did not print an ExecCredential as JSON");
    }
}
