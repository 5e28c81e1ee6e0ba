using System.Diagnostics;
using System.Text.Json.Nodes;
using Shouldly;
using Xunit.Abstractions;

namespace EcsBridge.IntegrationTests.EcsApi;

/// <summary>`aws ecs …` (the CLI on the machine) against one ECS API endpoint, with only the key given: no profile,
/// config, pager or retries from the machine; no key means --no-sign-request. Fails, saying so, when `aws` is not on
/// PATH.</summary>
internal sealed class AwsEcsCli(string endpoint, string folder, ITestOutputHelper output)
{
    public async Task<JsonNode> JsonAsync(AwsKey? key, params string[] args)
    {
        var (exit, stdout, stderr) = await RunAsync(key, args);
        exit.ShouldBe(0, $"aws ecs {string.Join(' ', args)}: {stderr}");
        return stdout.Trim().Length == 0 ? new JsonObject() : JsonNode.Parse(stdout)!;
    }

    public async Task<string> FailsAsync(AwsKey? key, params string[] args)
    {
        var (exit, _, stderr) = await RunAsync(key, args);
        exit.ShouldNotBe(0, $"aws ecs {string.Join(' ', args)} should have been refused");
        return stderr;
    }

    public async Task<(int Exit, string Stdout, string Stderr)> RunAsync(AwsKey? key, params string[] args)
    {
        var start = new ProcessStartInfo("aws") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("ecs");
        foreach (var arg in args.Concat(["--endpoint-url", endpoint, "--output", "json"]))
        {
            start.ArgumentList.Add(arg);
        }
        if (key is null)
        {
            start.ArgumentList.Add("--no-sign-request");
        }
        start.Environment["AWS_ACCESS_KEY_ID"] = key?.Id ?? "";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = key?.Secret ?? "";
        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        start.Environment["AWS_CONFIG_FILE"] = Path.Combine(folder, "no-config");
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(folder, "no-credentials");
        start.Environment["AWS_MAX_ATTEMPTS"] = "1";
        start.Environment["AWS_PAGER"] = "";
        start.Environment.Remove("AWS_PROFILE");
        start.Environment.Remove("AWS_SESSION_TOKEN");
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"the aws CLI is not on PATH ({ex.Message}); install it (pip install awscli, or Debian's awscli: tests/envtest/setup.sh does)", ex);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            // A waiter (aws ecs wait …) polls every 6 s for up to 10 minutes.
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(11));
            output.WriteLine($"aws ecs {string.Join(' ', args)} ({key?.Id ?? "unsigned"}) → {process.ExitCode}{(process.ExitCode == 0 ? "" : ": " + (await stderr).Trim())}");
            return (process.ExitCode, await stdout, await stderr);
        }
    }

    public static IEnumerable<string> Strings(JsonNode? array) => (array as JsonArray ?? []).Select(a => a!.GetValue<string>());
}

/// <summary>An access key of the test's keys file.</summary>
internal sealed record AwsKey(string Id, string Secret);
