using System.Text.Json.Nodes;
using EcsBridge.IntegrationTests.EcsApi;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Watch;
using Xunit.Abstractions;
using static EcsBridge.IntegrationTests.Infrastructure.Ecs;
using static EcsBridge.IntegrationTests.Node.NodeTasks;

namespace EcsBridge.IntegrationTests.Node;

/// <summary>The ECS API's task verbs with both real AWS CLIs (aws-cli 1, the image's; aws-cli 2, Debian's 2.9.19) and
/// tasks that really run on the node: run-task of a
/// command that exits 0, `aws ecs wait tasks-stopped`, describe-tasks; list-tasks of a one-task service and stop-task
/// on its task, which the service replaces. What the containers did is read from the kubelet's report on the pods.</summary>
[Collection(NodeCollection.Name)]
public sealed class AwsCliTaskNodeTests(NodeFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly AwsKey Writer = new("AKIAECSBRIDGENODE", "node/Secret+0123456789abcdefghijklmnopq");

    private readonly string _cluster = "ecsnode-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _folder = Directory.CreateTempSubdirectory("ecsapi-node-").FullName;
    private OperatorHarness? _operator;
    private KubeClient _admin = null!;
    private AwsEcsCli _aws = null!;
    private string _endpoint = null!;

    public async Task InitializeAsync()
    {
        await fixture.EnsureStartedAsync();
        _admin = fixture.CreateAdminClient();
        var credentials = Path.Combine(_folder, "keys.json");
        await File.WriteAllTextAsync(credentials, $$"""
            {"keys": [{"accessKeyId": "{{Writer.Id}}", "secretAccessKey": "{{Writer.Secret}}", "clusters": ["{{_cluster}}"]}]}
            """);
        _operator = await OperatorHarness.StartAsync(fixture, [_cluster], o => o with
        {
            EcsApiBindAddress = "127.0.0.1:0",
            EcsApiCredentialsFile = credentials,
        });
        _endpoint = $"http://127.0.0.1:{(await _operator.EcsApiListening.WaitAsync(TimeSpan.FromSeconds(30))).Port}";
    }

    public static TheoryData<int> Clis => AwsCli.Versions;

    public async Task DisposeAsync()
    {
        if (_operator is not null)
        {
            await _operator.DisposeAsync();
        }
        await _admin.DeleteIfExistsAsync(ResourceType.Namespaces, null, _cluster);
        _admin.Dispose();
        Directory.Delete(_folder, true);
    }

    private async Task RegisterAsync(string family, string container, string command)
    {
        var file = Path.Combine(_folder, family + ".json");
        await File.WriteAllTextAsync(file, $$"""
            [{"name": "{{container}}", "image": "{{Busybox}}", "cpu": 32, "memory": 32, "essential": true,
              "entryPoint": ["sh", "-c"], "command": ["{{command}}"]}]
            """);
        await _aws.JsonAsync(Writer, "register-task-definition", "--family", family, "--container-definitions", "file://" + file);
    }

    /// <summary>A timestamp as the CLI prints it: aws-cli 1 prints ECS's epoch seconds as they come, aws-cli 2 turns
    /// them into ISO 8601 text (its default cli_timestamp_format).</summary>
    private static DateTimeOffset Timestamp(JsonNode? value) =>
        value!.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(value.GetValue<double>() * 1000))
            : DateTimeOffset.Parse(value.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [MemberData(nameof(Clis))]
    public async Task A_run_task_runs_to_exit_0_and_a_stopped_service_task_is_replaced(int cli)
    {
        _aws = new AwsEcsCli(_endpoint, _folder, output, cli);
        await _aws.JsonAsync(Writer, "create-cluster", "--cluster-name", _cluster);
        await RegisterAsync("once", "main", "echo done; exit 0");
        // Exits on SIGTERM at once, so a stopped task goes without waiting out the grace period.
        await RegisterAsync("serve", "app", "trap 'exit 0' TERM; while true; do sleep 1; done");
        await _aws.JsonAsync(Writer, "create-service", "--cluster", _cluster, "--service-name", "app", "--task-definition", "serve", "--desired-count", "1", "--launch-type", "EC2");

        // A one-off task: run, wait as a pipeline does, describe.
        var taskArn = Text((await _aws.JsonAsync(Writer, "run-task", "--cluster", _cluster, "--task-definition", "once"))["tasks"]![0]!["taskArn"])!;
        (await _aws.RunAsync(Writer, "wait", "tasks-stopped", "--cluster", _cluster, "--tasks", taskArn)).Exit.ShouldBe(0);
        var task = (await _aws.JsonAsync(Writer, "describe-tasks", "--cluster", _cluster, "--tasks", taskArn))["tasks"]!.AsArray().Single()!;
        output.WriteLine(task.ToJsonString());
        (Text(task["lastStatus"]), Text(task["desiredStatus"]), Text(task["stopCode"])).ShouldBe(("STOPPED", "STOPPED", "EssentialContainerExited"));
        Text(task["taskDefinitionArn"]).ShouldBe("arn:aws:ecs:us-east-1:000000000000:task-definition/once:1");
        var container = task["containers"]!.AsArray().Single()!;
        (Text(container["name"]), Text(container["lastStatus"]), container["exitCode"]!.GetValue<int>()).ShouldBe(("main", "STOPPED", 0));
        Timestamp(task["stoppedAt"]).ShouldBeGreaterThanOrEqualTo(Timestamp(task["startedAt"]));
        if (cli == 2)
        {
            task["startedAt"]!.GetValueKind().ShouldBe(System.Text.Json.JsonValueKind.String);
        }
        // The kubelet's report on the task's pod (its name is the task id): the container ran once and exited 0.
        var pod = await _admin.GetAsync(ResourceType.Pods, _cluster, taskArn.Split('/')[^1], KubeJsonContext.Default.JsonObject);
        Text(pod["status"]!["phase"]).ShouldBe("Succeeded");
        pod["status"]!["containerStatuses"]![0]!["state"]!["terminated"]!["exitCode"]!.GetValue<int>().ShouldBe(0);

        // The service's task is its pod: listed by service name, running as the kubelet says.
        async Task<List<string>> ServiceTasksAsync() =>
            AwsEcsCli.Strings((await _aws.JsonAsync(Writer, "list-tasks", "--cluster", _cluster, "--service-name", "app"))["taskArns"]).ToList();
        var first = await EventuallyAsync(async () => await ServiceTasksAsync() is [var only] ? only : null, "one task of the service listed", 180);
        (await _aws.RunAsync(Writer, "wait", "tasks-running", "--cluster", _cluster, "--tasks", first)).Exit.ShouldBe(0);
        var running = await RunningPodsNowAsync(_admin, _cluster, p => Text(p["metadata"]!["labels"]?["ecsbridge.io/service"]) == "app");
        running.Select(Name).ShouldBe([first.Split('/')[^1]]);
        var serviceTask = (await _aws.JsonAsync(Writer, "describe-tasks", "--cluster", _cluster, "--tasks", first))["tasks"]![0]!;
        (Text(serviceTask["group"]), Text(serviceTask["taskDefinitionArn"])).ShouldBe(("service:app", "arn:aws:ecs:us-east-1:000000000000:task-definition/serve:1"));

        // stop-task on it: the pod goes and the service starts another task.
        var stopped = (await _aws.JsonAsync(Writer, "stop-task", "--cluster", _cluster, "--task", first, "--reason", "rotate"))["task"]!;
        (Text(stopped["desiredStatus"]), Text(stopped["stoppedReason"])).ShouldBe(("STOPPED", "rotate"));
        var replacement = await EventuallyAsync(async () => await ServiceTasksAsync() is [var only] && only != first ? only : null, "a replacement task listed", 180);
        (await _aws.RunAsync(Writer, "wait", "tasks-running", "--cluster", _cluster, "--tasks", replacement)).Exit.ShouldBe(0);
        await WaitGoneAsync(_admin, ResourceType.Pods, _cluster, first.Split('/')[^1], 120);

        // The stopped task stays describable after its pod is gone (status.stoppedTasks), with the reason given.
        var gone = await EventuallyAsync(async () =>
            (await _aws.JsonAsync(Writer, "describe-tasks", "--cluster", _cluster, "--tasks", first))["tasks"]!.AsArray().SingleOrDefault() is { } t
            && Text(t["lastStatus"]) == "STOPPED" ? t : null, "the stopped service task described as STOPPED", 60);
        output.WriteLine(gone.ToJsonString());
        (Text(gone["desiredStatus"]), Text(gone["stopCode"]), Text(gone["stoppedReason"]), Text(gone["group"])).ShouldBe(("STOPPED", "UserInitiated", "rotate", "service:app"));
        Timestamp(gone["stoppedAt"]).ShouldBeGreaterThanOrEqualTo(Timestamp(gone["startedAt"]));
        AwsEcsCli.Strings((await _aws.JsonAsync(Writer, "list-tasks", "--cluster", _cluster, "--service-name", "app", "--desired-status", "STOPPED"))["taskArns"])
            .ShouldContain(first);

        // A task the service scheduler replaces (a forced new deployment): ServiceSchedulerInitiated, naming its deployment.
        await _aws.JsonAsync(Writer, "update-service", "--cluster", _cluster, "--service", "app", "--force-new-deployment");
        var replaced = await EventuallyAsync(async () =>
            (await _aws.JsonAsync(Writer, "describe-tasks", "--cluster", _cluster, "--tasks", replacement))["tasks"]!.AsArray().SingleOrDefault() is { } t
            && Text(t["lastStatus"]) == "STOPPED" ? t : null, "the replaced task STOPPED", 120);
        (Text(replaced["stopCode"]), Text(replaced["stoppedReason"])).ShouldBe(("ServiceSchedulerInitiated", "Scaling activity initiated by (deployment ecs-svc/serve-1)"));
        var service = await _admin.GetAsync(OperatorResources.EcsServices, _cluster, "app", KubeJsonContext.Default.JsonObject);
        output.WriteLine(service["status"]!["stoppedTasks"]!.ToJsonString());
        service["status"]!["stoppedTasks"]!.AsArray().Select(t => Text(t!["task"])).ShouldBe([replacement.Split('/')[^1], first.Split('/')[^1]]);
        await _aws.JsonAsync(Writer, "delete-service", "--cluster", _cluster, "--service", "app", "--force");
    }
}
