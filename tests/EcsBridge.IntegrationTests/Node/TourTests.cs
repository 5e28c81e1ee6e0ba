using System.Text.Json.Nodes;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Watch;
using Xunit.Abstractions;
using static EcsBridge.IntegrationTests.Infrastructure.Ecs;
using static EcsBridge.IntegrationTests.Node.NodeTasks;

namespace EcsBridge.IntegrationTests.Node;

/// <summary>Issue 14, "what a newcomer sees": README's tour, command by command, with kubectl on the local node and
/// the offline sample config/samples/ecsbridge.io_v1alpha1_hello.yaml. What kubectl prints is what is asserted.</summary>
[Collection(NodeCollection.Name)]
public sealed class TourTests(NodeFixture fixture, ITestOutputHelper output) : OperatorNamespaceTest(fixture, "tour")
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private Task<string> KubectlAsync(params string[] arguments) =>
        Kubectl.RunAsync([.. arguments, "--kubeconfig", Fixture.KubeconfigPath, "-n", Ns]);

    [Fact]
    public async Task The_readme_tour_runs_the_offline_sample_heals_a_task_rolls_with_PRIMARY_and_ACTIVE_and_forces_a_new_deployment()
    {
        var sample = Path.Combine(Fixture.RepositoryRoot, "config", "samples", "ecsbridge.io_v1alpha1_hello.yaml");
        await KubectlAsync("apply", "--server-side", "-f", sample);

        // `kubectl wait` returns once the service is Ready; `kubectl get ecs` then shows RUNNING = DESIRED, COMPLETED.
        await KubectlAsync("wait", "--for=condition=Ready", "ecsservice/hello", "--timeout=180s");
        var row = await EventuallyAsync(async () =>
        {
            var table = await KubectlAsync("get", "ecs");
            return ServiceRow(table, "hello") is { } r && r["RUNNING"] == r["DESIRED"] && r["ROLLOUT"] == "COMPLETED" ? r : null;
        }, "kubectl get ecs: RUNNING = DESIRED and COMPLETED", 120);
        output.WriteLine(string.Join("  ", row.Select(c => $"{c.Key}={c.Value}")));
        row["DESIRED"].ShouldBe("2");
        row["TASK DEFINITION"].ShouldBe("hello:1");

        // The sample answers HTTP through its Service.
        var clusterIp = await KubectlAsync("get", "svc", "hello", "-o", "jsonpath={.spec.clusterIP}");
        var first = await AnswerAsync(Http, $"http://{clusterIp}:8080/", _ => true);
        first.ShouldStartWith("hello from hello-");

        // Delete a task's pod: a new task with a new IP runs; the Service's address stays and answers from it.
        var before = await RunningPodsAsync(Admin, Ns, pods => pods.Count == 2, "two running tasks");
        var victim = before[0];
        await KubectlAsync("delete", "pod", Name(victim), "--wait=false");
        var after = await RunningPodsAsync(Admin, Ns, pods => pods.Count == 2 && pods.All(p => Name(p) != Name(victim)), "a replacement task running");
        var replacement = after.Single(p => before.All(b => Name(b) != Name(p)));
        PodIp(replacement).ShouldNotBe(PodIp(victim));
        (await KubectlAsync("get", "svc", "hello", "-o", "jsonpath={.spec.clusterIP}")).ShouldBe(clusterIp);
        await AnswerAsync(Http, $"http://{clusterIp}:8080/", body => body == "hello from " + Name(replacement));

        // Edit the task definition: a slow-starting revision 2 rolls out; while its tasks are not yet healthy the
        // service reports both deployments, PRIMARY (hello:2) and ACTIVE (hello:1), then COMPLETED on hello:2.
        await KubectlAsync("patch", "ecstaskdefinition", "hello", "--type=json", "-p",
            """[{"op":"replace","path":"/spec/containerDefinitions/0/command/0","value":"sleep 4 && mkdir -p /srv && echo \"hello v2 from $(hostname)\" > /srv/index.html && exec httpd -f -p 8080 -h /srv"}]""");
        var last = "";
        var both = await EventuallyAsync(async () =>
        {
            // Read with the API client: the window lasts a few seconds, too short for kubectl's start-up per poll.
            var service = await GetAsync(Admin, OperatorResources.EcsServices, Ns, "hello");
            var deployments = (service?["status"]?["deployments"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
            if (service?["status"]?.ToJsonString() is { } seen && seen != last)
            {
                output.WriteLine(seen);
                last = seen;
            }
            return deployments.Any(d => Text(d["status"]) == "PRIMARY" && Text(d["taskDefinition"]) == "hello:2")
                   && deployments.Any(d => Text(d["status"]) == "ACTIVE" && Text(d["taskDefinition"]) == "hello:1") ? deployments : null;
        }, "deployments[] with PRIMARY hello:2 and ACTIVE hello:1 during the rollout", 120);
        output.WriteLine("during the rollout: " + string.Join("; ", both.Select(d => d.ToJsonString())));
        both.Single(d => Text(d["status"]) == "PRIMARY")["rolloutState"]!.GetValue<string>().ShouldBe("IN_PROGRESS");
        await EventuallyAsync(async () =>
        {
            var table = await KubectlAsync("get", "ecs");
            return ServiceRow(table, "hello") is { } r && r["TASK DEFINITION"] == "hello:2" && r["RUNNING"] == "2" && r["ROLLOUT"] == "COMPLETED" ? r : null;
        }, "hello:2 COMPLETED with 2 running", 180);
        await AnswerAsync(Http, $"http://{clusterIp}:8080/", body => body.StartsWith("hello v2 from ", StringComparison.Ordinal));

        // update-service --force-new-deployment, declaratively: a new token replaces every task, same revision.
        var v2 = await RunningPodsAsync(Admin, Ns, pods => pods.Count == 2, "two running tasks of hello:2");
        await KubectlAsync("patch", "ecsservice", "hello", "--type=merge", "-p", """{"spec":{"forceNewDeploymentToken":"2026-12-03T13:00:00Z"}}""");
        var restarted = await RunningPodsAsync(Admin, Ns, pods => pods.Count == 2 && pods.All(p => v2.All(old => Name(old) != Name(p))), "two new tasks after forceNewDeploymentToken");
        output.WriteLine("restarted: " + string.Join(", ", restarted.Select(Name)));
        await EventuallyAsync(async () =>
        {
            var table = await KubectlAsync("get", "ecs");
            return ServiceRow(table, "hello") is { } r && r["TASK DEFINITION"] == "hello:2" && r["RUNNING"] == "2" && r["ROLLOUT"] == "COMPLETED" ? r : null;
        }, "hello:2 COMPLETED again after the forced deployment", 180);

        // Leave the shared node with no tasks of this test.
        await KubectlAsync("delete", "-f", sample, "--wait=false");
    }

    /// <summary>The EcsService row of `kubectl get ecs` (two tables, one per kind), keyed by column header. Columns are
    /// separated by at least two spaces, as kubectl's printer pads them, so headers such as "TASK DEFINITION" stay whole.</summary>
    private static Dictionary<string, string>? ServiceRow(string table, string name)
    {
        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = Array.FindIndex(lines, l => l.StartsWith("NAME", StringComparison.Ordinal) && l.Contains("TASK DEFINITION", StringComparison.Ordinal));
        if (header < 0)
        {
            return null;
        }
        var columns = Columns(lines[header]);
        var line = lines.Skip(header + 1).FirstOrDefault(l => l.StartsWith("ecsservice.ecsbridge.io/" + name + " ", StringComparison.Ordinal));
        if (line is null)
        {
            return null;
        }
        var row = new Dictionary<string, string>();
        for (var i = 0; i < columns.Count; i++)
        {
            var start = columns[i].Start;
            var end = i + 1 < columns.Count ? Math.Min(columns[i + 1].Start, line.Length) : line.Length;
            row[columns[i].Name] = start < line.Length ? line[start..end].Trim() : "";
        }
        return row;
    }

    private static List<(string Name, int Start)> Columns(string header)
    {
        var columns = new List<(string, int)>();
        var i = 0;
        while (i < header.Length)
        {
            var start = i;
            var end = header.IndexOf("  ", start, StringComparison.Ordinal);
            end = end < 0 ? header.Length : end;
            columns.Add((header[start..end], start));
            i = end;
            while (i < header.Length && header[i] == ' ')
            {
                i++;
            }
        }
        return columns;
    }
}
