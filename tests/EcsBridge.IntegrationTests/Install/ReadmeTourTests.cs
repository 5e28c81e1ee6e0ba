using System.Diagnostics;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Watch;

namespace EcsBridge.IntegrationTests.Install;

/// <summary>The README's five-minute tour applies a sample with one kubectl command. The command is read out
/// of README.md and run as written (from the repository root, against the test control plane), so the doc cannot
/// drift into a command that fails. kubectl is required: without it this test fails.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class ReadmeTourTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task The_tours_apply_command_as_written_in_the_README_creates_every_sample()
    {
        var kubectl = FindKubectl();
        kubectl.ShouldNotBeNull("kubectl is needed on PATH to run the README's tour command");
        var command = TourApplyCommand(File.ReadAllText(Path.Combine(fixture.RepositoryRoot, "README.md")));
        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        words[0].ShouldBe("kubectl");
        await CrdInstaller.EnsureInstalledAsync(fixture);
        var ns = await fixture.CreateNamespaceAsync("tour");
        // The tour's command names no namespace; it lands in the kubeconfig's, which here is the test's own.
        var kubeconfig = Path.Combine(fixture.Plane.Directory, $"kubeconfig-tour-{Guid.NewGuid().ToString("N")[..8]}");
        File.Copy(fixture.KubeconfigPath, kubeconfig);
        (await RunAsync(kubectl, fixture.RepositoryRoot, kubeconfig, "config", "set-context", "--current", $"--namespace={ns}")).ExitCode.ShouldBe(0);

        var (exitCode, stdout, stderr) = await RunAsync(kubectl, fixture.RepositoryRoot, kubeconfig, words[1..]);

        exitCode.ShouldBe(0, $"`{command}` failed:\n{stderr}\n{stdout}");
        // Every EcsTaskDefinition and EcsService in what the command names (`-f <file>`, or `-k <folder>` for all of
        // its sample files), found by reading the files, not through kustomize.
        var file = Array.IndexOf(words, "-f") is > 0 and var f ? words[f + 1] : null;
        var samples = (file is not null ? [Path.Combine(fixture.RepositoryRoot, file)]
                : Directory.GetFiles(Path.Combine(fixture.RepositoryRoot, "config", "samples"), "*.yaml"))
            .Where(f => Path.GetFileName(f) != "kustomization.yaml")
            .SelectMany(KustomizeLite.LoadDocuments)
            .Select(o => (Kind: o["kind"]!.GetValue<string>(), Name: o["metadata"]!["name"]!.GetValue<string>()))
            .ToList();
        samples.ShouldContain(s => s.Kind == "EcsService");
        samples.ShouldContain(s => s.Kind == "EcsTaskDefinition");
        using var admin = fixture.CreateAdminClient();
        foreach (var (kind, name) in samples)
        {
            var type = kind == "EcsService" ? OperatorResources.EcsServices : OperatorResources.EcsTaskDefinitions;
            (await Ecs.GetAsync(admin, type, ns, name)).ShouldNotBeNull($"{kind} {name} after `{command}`\n{stdout}");
        }
    }

    /// <summary>The `kubectl apply …` line of the first shell block under "## A five-minute tour", without its
    /// trailing comment.</summary>
    private static string TourApplyCommand(string readme)
    {
        var tour = readme.IndexOf("## A five-minute tour", StringComparison.Ordinal);
        tour.ShouldBeGreaterThanOrEqualTo(0, "README.md has no tour section");
        var block = readme.IndexOf("```sh", tour, StringComparison.Ordinal);
        var end = readme.IndexOf("```", block + 5, StringComparison.Ordinal);
        var line = readme[block..end].Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("kubectl apply", StringComparison.Ordinal));
        line.ShouldNotBeNull("no `kubectl apply` line in the tour");
        var comment = line.IndexOf(" #", StringComparison.Ordinal);
        return (comment < 0 ? line : line[..comment]).Trim();
    }

    private static string? FindKubectl() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "kubectl"))
            .FirstOrDefault(File.Exists);

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string kubectl, string workingDirectory, string kubeconfig, params string[] arguments)
    {
        var info = new ProcessStartInfo(kubectl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        info.Environment["KUBECONFIG"] = kubeconfig;
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start " + kubectl);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', arguments)} did not finish within 120 s");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
