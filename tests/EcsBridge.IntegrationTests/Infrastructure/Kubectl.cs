using System.Diagnostics;

namespace EcsBridge.IntegrationTests.Infrastructure;

/// <summary>The kubectl the tests run: ECSBRIDGE_KUBECTL (tests/run-tests.sh exports the one tests/envtest/kubectl.sh
/// provides), else kubectl on PATH. A test that needs it fails when it is missing, saying how to get one.</summary>
internal static class Kubectl
{
    public const string Variable = "ECSBRIDGE_KUBECTL";

    /// <summary>The executable's path; throws when there is none.</summary>
    public static string Path()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured
                : throw new InvalidOperationException($"{Variable}={configured} does not exist; unset it or point it at a kubectl 1.22+");
        }
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator)
            .Where(dir => dir.Length > 0)
            .Select(dir => System.IO.Path.Combine(dir, "kubectl"))
            .FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                $"kubectl not found: this test runs it. `make test` provides one (tests/envtest/kubectl.sh prints its path; export it as {Variable}), or put kubectl 1.22+ on PATH");
    }

    /// <summary>Runs kubectl with <paramref name="arguments"/> and returns its stdout; throws with its stderr when it fails.</summary>
    public static async Task<string> RunAsync(params string[] arguments)
    {
        var executable = Path();
        var info = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start " + executable);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stderr}");
        }
        return await stdout;
    }
}
