using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Watch;
using static EcsBridge.IntegrationTests.Infrastructure.Ecs;
using static EcsBridge.IntegrationTests.Node.NodeTasks;

namespace EcsBridge.IntegrationTests.Node;

/// <summary>Issue 14, item 9: the Argo CD health check README documents (shipped as config/argocd/ecsbridge-health.lua)
/// run by Debian's lua5.1 on EcsServices read back from real runs on the local node — Healthy with its task running,
/// Progressing while a rollout cannot finish, Degraded once the task definition is gone.</summary>
[Collection(NodeCollection.Name)]
public sealed class ArgoHealthTests(NodeFixture fixture) : OperatorNamespaceTest(fixture, "argo")
{
    private static string TaskDefinition(string image) => BusyboxTaskDefinition("web", $"mkdir -p /srv && exec httpd -f -p {Port} -h /srv", image, port: null);

    [Fact]
    public async Task The_readmes_health_check_reads_healthy_progressing_and_degraded_from_real_runs()
    {
        await ApplyAsync(Admin, Ns, TaskDefinition(Busybox));
        await ApplyAsync(Admin, Ns, Service("web", "web", desiredCount: 1));

        var running = await WaitForAsync(Admin, OperatorResources.EcsServices, Ns, "web",
            s => s["status"]?["runningCount"]?.GetValue<int>() == 1 && Condition(s, "Ready") == "True", "one task running and Ready", 180);
        (await HealthAsync(Fixture, running)).Status.ShouldBe("Healthy");

        // An image the node does not have: the new task never starts, the rollout stays in progress.
        await ApplyAsync(Admin, Ns, TaskDefinition("ecsbridge.local/absent:1"));
        var rolling = await WaitForAsync(Admin, OperatorResources.EcsServices, Ns, "web",
            s => Text(s["status"]?["taskDefinition"]) == "web:2" && Condition(s, "Ready") == "False", "the rollout to web:2 under way", 180);
        var progressing = await HealthAsync(Fixture, rolling);
        progressing.Status.ShouldBe("Progressing", progressing.Message);

        await Admin.DeleteAsync(OperatorResources.EcsTaskDefinitions, Ns, "web");
        var orphaned = await WaitForAsync(Admin, OperatorResources.EcsServices, Ns, "web",
            s => Condition(s, "Degraded") == "True", "Degraded once the task definition is deleted", 180);
        var degraded = await HealthAsync(Fixture, orphaned);
        degraded.Status.ShouldBe("Degraded");
        degraded.Message.ShouldContain("no longer exists");

        // Leave the shared node with no task of ours waiting on an image it will never have.
        await Admin.DeleteAsync(OperatorResources.EcsServices, Ns, "web");
    }

    [Fact]
    public void The_shipped_script_is_the_one_readme_shows()
    {
        var readme = File.ReadAllText(Path.Combine(Fixture.RepositoryRoot, "README.md"));
        const string Key = "  resource.customizations.health.ecsbridge.io_EcsService: |\n";
        var start = readme.IndexOf(Key, StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0, "README's argocd-cm health key");
        var end = readme.IndexOf("  resource.customizations.health.ecsbridge.io_EcsTaskDefinition", start, StringComparison.Ordinal);
        var shown = string.Join('\n', readme[(start + Key.Length)..end].Split('\n').Select(l => l.StartsWith("    ", StringComparison.Ordinal) ? l[4..] : l.Trim())).TrimEnd();
        var shipped = string.Join('\n', File.ReadAllLines(ScriptPath(Fixture)).Where(l => !l.StartsWith("--", StringComparison.Ordinal))).TrimEnd();
        shipped.ShouldBe(shown);
    }

    private static string? Condition(JsonObject service, string type) =>
        (service["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => Text(c["type"]) == type) is { } c ? Text(c["status"]) : null;

    private static string ScriptPath(ControlPlaneFixture fixture) => Path.Combine(fixture.RepositoryRoot, "config", "argocd", "ecsbridge-health.lua");

    internal sealed record Health(string Status, string Message);

    /// <summary>Runs the shipped script as Argo CD does (a global `obj`, the script's return value) with lua5.1; the
    /// object goes in as a Lua table literal, since Lua 5.1 has no JSON reader.</summary>
    internal static async Task<Health> HealthAsync(ControlPlaneFixture fixture, JsonObject service)
    {
        var lua = Environment.GetEnvironmentVariable("ECSBRIDGE_LUA") ?? "lua5.1";
        var program = new StringBuilder()
            .Append("obj = ").Append(LuaLiteral(service)).Append('\n')
            .Append("local function check()\n").Append(await File.ReadAllTextAsync(ScriptPath(fixture))).Append("\nend\n")
            .Append("local hs = check()\nio.write(hs.status, \"\\n\", hs.message or \"\")\n")
            .ToString();
        var file = Path.Combine(Path.GetTempPath(), $"ecsbridge-health-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(file, program);
        try
        {
            var info = new ProcessStartInfo(lua) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add(file);
            Process process;
            try
            {
                process = Process.Start(info)!;
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw new InvalidOperationException($"{lua} not found: this test runs it; `make test` installs Debian's lua5.1 (tests/envtest/node-setup.sh)", ex);
            }
            using (process)
            {
                var stdout = await process.StandardOutput.ReadToEndAsync();
                var stderr = await process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync();
                process.ExitCode.ShouldBe(0, stderr);
                var lines = stdout.Split('\n', 2);
                return new Health(lines[0], lines.Length > 1 ? lines[1] : "");
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>JSON as a Lua table constructor: objects keyed by string, arrays from 1, null left out (nil).</summary>
    private static string LuaLiteral(JsonNode? node) => node switch
    {
        null => "nil",
        JsonObject o => "{" + string.Join(",", o.Where(p => p.Value is not null).Select(p => $"[{LuaString(p.Key)}]={LuaLiteral(p.Value)}")) + "}",
        JsonArray a => "{" + string.Join(",", a.Select(LuaLiteral)) + "}",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => LuaString(v.GetValue<string>()),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => v.GetValue<double>().ToString("R", CultureInfo.InvariantCulture),
            _ => "nil",
        },
        _ => "nil",
    };

    private static string LuaString(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var ch in Encoding.UTF8.GetBytes(s))
        {
            sb.Append(ch is >= 0x20 and < 0x7f and not (byte)'"' and not (byte)'\\' ? ((char)ch).ToString() : "\\" + ch.ToString(CultureInfo.InvariantCulture));
        }
        return sb.Append('"').ToString();
    }
}
