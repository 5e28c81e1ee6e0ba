using System.Diagnostics;

namespace EcsBridge.IntegrationTests.EcsApi;

/// <summary>The two AWS CLIs the tests drive: aws-cli 1 (pip, on the machine image's PATH) and aws-cli 2 (Debian's
/// awscli package, /usr/bin/aws; tests/envtest/setup.sh installs it). Both are called `aws`, so each is found by
/// asking every `aws` on PATH (and /usr/bin) for its version. A missing one throws: the test fails, never skips.</summary>
internal static class AwsCli
{
    private static readonly Lazy<IReadOnlyList<(string Path, string Version)>> Installed = new(FindAll);

    /// <summary>The theory data: one row per major version.</summary>
    public static TheoryData<int> Versions => new() { 1, 2 };

    /// <summary>The path of the `aws` whose `--version` says aws-cli/<paramref name="major"/>.</summary>
    public static string Path(int major) =>
        Installed.Value.FirstOrDefault(c => c.Version.StartsWith($"aws-cli/{major}.", StringComparison.Ordinal)).Path
        ?? throw new InvalidOperationException(
            $"no aws-cli {major} found (seen: {string.Join(", ", Installed.Value.Select(c => $"{c.Path} → {c.Version}"))}); " +
            "tests/envtest/setup.sh installs both (pip awscli 1, Debian's awscli 2)");

    /// <summary>Runs `aws <paramref name="args"/>` with exactly <paramref name="environment"/> for the AWS_* settings:
    /// no profile, config file, pager or retries from the machine.</summary>
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(int major, IReadOnlyDictionary<string, string> environment, string scratch, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(Path(major)) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }
        start.Environment["AWS_CONFIG_FILE"] = System.IO.Path.Combine(scratch, "no-config");
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = System.IO.Path.Combine(scratch, "no-credentials");
        start.Environment["AWS_MAX_ATTEMPTS"] = "1";
        start.Environment["AWS_PAGER"] = "";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A waiter (`aws ecs wait …`) polls every 6–15 s for up to 10 minutes.
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(11));
        return (process.ExitCode, await stdout, await stderr);
    }

    private static List<(string Path, string Version)> FindAll()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin")
            .Select(dir => System.IO.Path.Combine(dir, "aws"))
            .Where(File.Exists)
            .Distinct(StringComparer.Ordinal);
        var found = new List<(string, string)>();
        foreach (var candidate in candidates)
        {
            try
            {
                var info = new ProcessStartInfo(candidate, ["--version"]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                using var process = Process.Start(info)!;
                var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
                if (!process.WaitForExit(60_000))
                {
                    process.Kill();
                    continue;
                }
                if (process.ExitCode == 0)
                {
                    found.Add((candidate, output.Trim()));
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not executable.
            }
        }
        return found;
    }
}
