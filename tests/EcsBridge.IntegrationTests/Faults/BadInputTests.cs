using System.Diagnostics;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Watch;
using Xunit.Abstractions;
using static EcsBridge.IntegrationTests.Faults.BadInputCases;

namespace EcsBridge.IntegrationTests.Faults;

/// <summary>50+ hostile and malformed specs mixed with good ones, applied in a shuffled order: every good service
/// converges (its Deployment carries the images and replica count the suite wrote); every bad object is either refused at admission with a message naming the field, or carries Ready
/// False with a reason and a message naming the field; the operator process never goes down.</summary>
[Collection(FaultsCollection.Name)]
public sealed class BadInputTests(ControlPlaneFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Bad_inputs_get_clear_conditions_or_rejections_while_good_ones_converge_and_the_operator_stays_up()
    {
        var clock = Stopwatch.StartNew();
        var ns = await fixture.CreateNamespaceAsync("bad");
        using var admin = fixture.CreateAdminClient();
        await using var op = await FaultProcesses.StartAsync(fixture, ns, "bad-inputs");
        var shuffle = new Random(20261122);
        var cases = All().OrderBy(_ => shuffle.Next()).ToList();
        var bad = cases.Count(c => c.Expect == Expect.Refused);
        bad.ShouldBeGreaterThanOrEqualTo(50);

        var rejected = new Dictionary<InputCase, string>(ReferenceEqualityComparer.Instance);
        var accepted = new Dictionary<InputCase, string>(ReferenceEqualityComparer.Instance);
        foreach (var item in cases)
        {
            try
            {
                var answer = await FaultWorkload.ApplyAsUserAsync(admin, ns, item.Json);
                accepted[item] = Ecs.Text(answer["metadata"]!["uid"])!;
            }
            catch (KubeException ex)
            {
                rejected[item] = ex.Message;
            }
        }

        var problems = new Dictionary<InputCase, string>(ReferenceEqualityComparer.Instance);
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            problems.Clear();
            foreach (var item in cases)
            {
                if (await CheckAsync(admin, ns, item, cases, accepted, rejected) is { } problem)
                {
                    problems[item] = problem;
                }
            }
            if (problems.Count == 0 || DateTime.UtcNow > deadline)
            {
                break;
            }
            await Task.Delay(1000);
        }

        var scrape = await op.ScrapeAsync();
        var reconcileErrors = OperatorProcess.Metric(scrape, "controller_runtime_reconcile_errors_total");
        var good = cases.Count(c => c.Expect == Expect.Converges);
        var lost = problems.Keys.Count(c => c.Expect == Expect.Converges);
        var summary = FaultLedger.Record(fixture.RepositoryRoot, new FaultLedger.Row(
            "bad inputs", [$"{bad} bad inputs ({rejected.Count} refused at admission, {bad - rejected.Count} accepted and flagged by the operator) mixed with {good} good objects"],
            cases.Count, lost,
            $"{problems.Count} object(s) without the expected outcome; {reconcileErrors} reconcile error(s); {clock.Elapsed.TotalSeconds:0} s"));
        output.WriteLine(summary);
        foreach (var (item, message) in rejected.OrderBy(p => p.Key.Name, StringComparer.Ordinal))
        {
            output.WriteLine($"refused {item.Kind} {Short(item.Name)}: {Short(message, 200)}");
        }

        problems.ShouldBeEmpty(string.Join("\n", problems.Select(p => $"{p.Key.Kind} {Short(p.Key.Name)} ({p.Key.Expect}, field {p.Key.Field}): {p.Value}"))
            + "\n--- operator log ---\n" + op.Tail(40));
        op.IsRunning.ShouldBeTrue("the operator went down:\n" + op.Tail(40));
        FaultProcesses.CrashLines(op).ShouldBeEmpty();
    }

    /// <summary>Null when the object shows the expected outcome, else what is wrong.</summary>
    private static async Task<string?> CheckAsync(KubeClient admin, string ns, InputCase item, IReadOnlyList<InputCase> cases,
        Dictionary<InputCase, string> accepted, Dictionary<InputCase, string> rejected)
    {
        if (item.Expect == Expect.Converges)
        {
            if (rejected.TryGetValue(item, out var refusal))
            {
                return "a good object was refused: " + Short(refusal, 300);
            }
            if (item.Kind != "EcsService")
            {
                return null;
            }
            // Expected from the bodies this test sent, not from the operator's builders.
            var taskDefinition = cases.Single(c => c.Kind == "EcsTaskDefinition" && c.Name == item.Family);
            return await ConvergenceOracle.DivergenceAsync(admin, ns, item.Name, accepted[item], ConvergenceOracle.FromWritten(taskDefinition.Json, item.Json));
        }
        if (rejected.TryGetValue(item, out var message))
        {
            return message.Contains(item.Field, StringComparison.OrdinalIgnoreCase) ? null : "refused, but the message does not name the field: " + Short(message, 300);
        }
        var type = item.Kind == "EcsService" ? OperatorResources.EcsServices : OperatorResources.EcsTaskDefinitions;
        var obj = await admin.TryGetAsync(type, ns, item.Name, KubeJsonContext.Default.JsonObject);
        if (obj is null)
        {
            return "accepted, then gone";
        }
        var ready = Ecs.Condition(obj, "Ready");
        if (ready is null || Ecs.Text(ready["status"]) != "False")
        {
            return "no Ready False condition yet: " + Short(obj["status"]?.ToJsonString() ?? "no status", 300);
        }
        var reason = Ecs.Text(ready["reason"]);
        var text = Ecs.Text(ready["message"]) ?? "";
        if (string.IsNullOrEmpty(reason) || !text.Contains(item.Field, StringComparison.Ordinal))
        {
            // A service that follows a task definition refused at admission names its own reference instead.
            var followsRefused = item.Kind == "EcsService" && text.Contains("spec.taskDefinition", StringComparison.Ordinal)
                && reason == "TaskDefinitionNotFound" && rejected.Keys.Any(r => r.Kind == "EcsTaskDefinition" && "s-" + r.Name == item.Name);
            if (!followsRefused)
            {
                return $"Ready False, reason {reason}, but the message does not name {item.Field}: {Short(text, 300)}";
            }
        }
        if (obj["metadata"]?["generation"]?.GetValue<long>() is { } generation && obj["status"]?["observedGeneration"]?.GetValue<long>() != generation)
        {
            return "status is not for the current generation";
        }
        return null;
    }

    private static string Short(string text, int max = 70) => text.Length <= max ? text : text[..max] + "…";

}
