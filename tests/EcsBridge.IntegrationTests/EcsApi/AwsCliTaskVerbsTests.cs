using System.Text.Json.Nodes;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Watch;
using Shouldly;
using Xunit.Abstractions;
using static EcsBridge.IntegrationTests.Infrastructure.Ecs;

namespace EcsBridge.IntegrationTests.EcsApi;

/// <summary>The task verbs and the tag verbs of the ECS API with the real AWS CLI, on the control plane alone (no
/// node: one-off tasks' pods stay unscheduled, PROVISIONING): run-task, describe-tasks, list-tasks (filters and
/// paging), stop-task and `aws ecs wait tasks-stopped`, in ECS's shapes, with their refusals; tag-resource,
/// untag-resource and list-tags-for-resource on a cluster, a task definition revision, a service and a task, checked
/// on the objects that keep them.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class AwsCliTaskVerbsTests(ControlPlaneFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly AwsKey Writer = new("AKIAECSBRIDGETASKS", "tasks/Secret+0123456789abcdefghijklmnopq");
    private static readonly AwsKey Reader = new("AKIAECSBRIDGETASKSRO", "reader/Secret+0123456789abcdefghijklmnopq");
    private static readonly AwsKey Outsider = new("AKIAECSBRIDGETASKSX", "other/Secret+0123456789abcdefghijklmnopq");

    private readonly string _cluster = "ecstasks-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _ghost = "ecsghost-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _folder = Directory.CreateTempSubdirectory("ecsapi-tasks-").FullName;
    private OperatorHarness? _operator;
    private KubeClient _admin = null!;
    private AwsEcsCli _aws = null!;

    private string Arn(string rest) => "arn:aws:ecs:us-east-1:000000000000:" + rest;

    public async Task InitializeAsync()
    {
        _admin = fixture.CreateAdminClient();
        var credentials = Path.Combine(_folder, "keys.json");
        // The writer's first cluster is its home: its task definitions are registered there.
        await File.WriteAllTextAsync(credentials, $$"""
            {"keys": [
              {"accessKeyId": "{{Writer.Id}}", "secretAccessKey": "{{Writer.Secret}}", "clusters": ["{{_cluster}}", "{{_ghost}}"]},
              {"accessKeyId": "{{Reader.Id}}", "secretAccessKey": "{{Reader.Secret}}", "clusters": ["{{_cluster}}"], "readOnly": true},
              {"accessKeyId": "{{Outsider.Id}}", "secretAccessKey": "{{Outsider.Secret}}", "clusters": ["somewhere-else"]}
            ]}
            """);
        _operator = await OperatorHarness.StartAsync(fixture, [_cluster], o => o with
        {
            EcsApiBindAddress = "127.0.0.1:0",
            EcsApiCredentialsFile = credentials,
        });
        var endpoint = await _operator.EcsApiListening.WaitAsync(TimeSpan.FromSeconds(30));
        _aws = new AwsEcsCli($"http://127.0.0.1:{endpoint.Port}", _folder, output);
        var containers = Path.Combine(_folder, "containers.json");
        await File.WriteAllTextAsync(containers, """
            [{"name": "main", "image": "registry.invalid/job:1", "cpu": 64, "memory": 64, "essential": true, "command": ["run"]}]
            """);
    }

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

    private async Task CreateClusterAndJobAsync(params string[] clusterTags)
    {
        await _aws.JsonAsync(Writer, ["create-cluster", "--cluster-name", _cluster, .. clusterTags]);
        var td = (await _aws.JsonAsync(Writer, "register-task-definition", "--family", "job", "--container-definitions", "file://" + Path.Combine(_folder, "containers.json")))["taskDefinition"]!;
        Text(td["taskDefinitionArn"]).ShouldBe(Arn("task-definition/job:1"));
    }

    [Fact]
    public async Task Run_describe_list_and_stop_one_off_tasks_in_ECS_shapes_and_refuse_what_ECS_refuses()
    {
        await CreateClusterAndJobAsync();

        var run = await _aws.JsonAsync(Writer, "run-task", "--cluster", _cluster, "--task-definition", "job", "--count", "2",
            "--started-by", "ci-pipeline", "--group", "batch", "--tags", "key=team,value=data",
            "--overrides", """{"containerOverrides":[{"name":"main","command":["migrate"]}]}""");
        run["failures"]!.AsArray().ShouldBeEmpty();
        var tasks = run["tasks"]!.AsArray().OfType<JsonObject>().ToList();
        tasks.Count.ShouldBe(2);
        var arns = tasks.Select(t => Text(t["taskArn"])!).ToList();
        var ids = arns.Select(a => a.Split('/')[^1]).ToList();
        var name = ids[0][..^2];
        name.ShouldStartWith("job-");
        ids.ShouldBe([name + "-1", name + "-2"]);
        arns[0].ShouldBe(Arn($"task/{_cluster}/{ids[0]}"));
        foreach (var t in tasks)
        {
            (Text(t["lastStatus"]), Text(t["desiredStatus"]), Text(t["group"]), Text(t["startedBy"])).ShouldBe(("PROVISIONING", "RUNNING", "batch", "ci-pipeline"));
            Text(t["taskDefinitionArn"]).ShouldBe(Arn("task-definition/job:1"));
            Text(t["clusterArn"]).ShouldBe(Arn("cluster/" + _cluster));
            Text(t["overrides"]!["containerOverrides"]![0]!["command"]![0]).ShouldBe("migrate");
        }

        // What run-task wrote: one EcsTask, applied by the API's field manager.
        var ecsTask = await _admin.GetAsync(OperatorResources.EcsTasks, _cluster, name, KubeJsonContext.Default.JsonObject);
        var spec = ecsTask["spec"]!;
        (Text(spec["taskDefinition"]), spec["count"]!.GetValue<int>(), Text(spec["startedBy"]), Text(spec["group"])).ShouldBe(("job", 2, "ci-pipeline", "batch"));
        (Text(spec["tags"]![0]!["key"]), Text(spec["tags"]![0]!["value"])).ShouldBe(("team", "data"));
        Text(spec["overrides"]!["containerOverrides"]![0]!["name"]).ShouldBe("main");
        (ecsTask["metadata"]!["managedFields"] as JsonArray ?? []).Select(m => Text(m!["manager"])).ShouldContain("ecsbridge-ecs-api");

        // describe-tasks: known ids in ECS's shape, unknown ones as MISSING failures.
        var described = await _aws.JsonAsync(Reader, "describe-tasks", "--cluster", _cluster, "--tasks", arns[0], "nope-1", "--include", "TAGS");
        var one = described["tasks"]!.AsArray().Single()!;
        (Text(one["taskArn"]), Text(one["group"]), Text(one["startedBy"]), Text(one["desiredStatus"])).ShouldBe((arns[0], "batch", "ci-pipeline", "RUNNING"));
        Text(one["tags"]![0]!["key"]).ShouldBe("team");
        var failure = described["failures"]!.AsArray().Single()!;
        (Text(failure["arn"]), Text(failure["reason"])).ShouldBe((Arn($"task/{_cluster}/nope-1"), "MISSING"));

        // list-tasks: filters, and paging followed by the CLI one task per page.
        async Task<List<string>> ListAsync(params string[] filters) =>
            AwsEcsCli.Strings((await _aws.JsonAsync(Reader, ["list-tasks", "--cluster", _cluster, .. filters]))["taskArns"]).ToList();
        (await ListAsync()).ShouldBe(arns);
        (await ListAsync("--page-size", "1")).ShouldBe(arns);
        (await ListAsync("--family", "job")).ShouldBe(arns);
        (await ListAsync("--family", "other")).ShouldBeEmpty();
        (await ListAsync("--started-by", "ci-pipeline")).ShouldBe(arns);
        (await ListAsync("--started-by", "someone-else")).ShouldBeEmpty();
        (await ListAsync("--desired-status", "STOPPED")).ShouldBeEmpty();

        // stop-task: desired STOPPED at once; the operator stops the task; the CLI's waiter sees it STOPPED.
        var stopped = (await _aws.JsonAsync(Writer, "stop-task", "--cluster", _cluster, "--task", arns[0], "--reason", "cancelled by the pipeline"))["task"]!;
        (Text(stopped["taskArn"]), Text(stopped["desiredStatus"]), Text(stopped["stoppedReason"])).ShouldBe((arns[0], "STOPPED", "cancelled by the pipeline"));
        var request = (await _admin.GetAsync(OperatorResources.EcsTasks, _cluster, name, KubeJsonContext.Default.JsonObject))["spec"]!["stopRequests"]!.AsArray().Single()!;
        (Text(request["task"]), Text(request["reason"])).ShouldBe((ids[0], "cancelled by the pipeline"));
        (await _aws.RunAsync(Reader, "wait", "tasks-stopped", "--cluster", _cluster, "--tasks", arns[0])).Exit.ShouldBe(0);
        var after = (await _aws.JsonAsync(Reader, "describe-tasks", "--cluster", _cluster, "--tasks", arns[0]))["tasks"]![0]!;
        (Text(after["lastStatus"]), Text(after["desiredStatus"]), Text(after["stopCode"]), Text(after["stoppedReason"])).ShouldBe(
            ("STOPPED", "STOPPED", "UserInitiated", "cancelled by the pipeline"));
        after["stoppedAt"].ShouldNotBeNull();
        (await GetAsync(_admin, ResourceType.Pods, _cluster, ids[0])).ShouldBeNull("the stopped task's pod is deleted");
        (await _admin.GetAsync(ResourceType.Pods, _cluster, ids[1], KubeJsonContext.Default.JsonObject)).ShouldNotBeNull("the other task runs on");
        (await ListAsync()).ShouldBe([arns[1]]);
        (await ListAsync("--desired-status", "STOPPED")).ShouldBe([arns[0]]);

        // Refusals, as ECS words them.
        (await _aws.FailsAsync(Writer, "run-task", "--cluster", _cluster, "--task-definition", "job", "--count", "11")).ShouldContain("InvalidParameterException");
        (await _aws.FailsAsync(Writer, "run-task", "--cluster", _cluster, "--task-definition", "missing:3")).ShouldContain("TaskDefinition not found");
        (await _aws.FailsAsync(Writer, "run-task", "--cluster", _cluster, "--task-definition", "job:7")).ShouldContain("InvalidParameterException");
        (await _aws.FailsAsync(Writer, "run-task", "--cluster", _ghost, "--task-definition", "job")).ShouldContain("ClusterNotFoundException");
        (await _aws.FailsAsync(Reader, "run-task", "--cluster", _cluster, "--task-definition", "job")).ShouldContain("AccessDeniedException");
        (await _aws.FailsAsync(Outsider, "describe-tasks", "--cluster", _cluster, "--tasks", arns[1])).ShouldContain("AccessDeniedException");
        (await _aws.FailsAsync(Reader, "stop-task", "--cluster", _cluster, "--task", arns[1])).ShouldContain("AccessDeniedException");
        (await _aws.FailsAsync(Writer, "stop-task", "--cluster", _cluster, "--task", "nope-1")).ShouldContain("InvalidParameterException");
        (await _aws.FailsAsync(Writer, "list-tasks", "--cluster", _cluster, "--service-name", "absent")).ShouldContain("ServiceNotFoundException");
        var startTask = await _aws.FailsAsync(Writer, "start-task", "--cluster", _cluster, "--task-definition", "job", "--container-instances", "ci-1");
        startTask.ShouldContain("ClientException");
        startTask.ShouldContain("container instances");
        (await _admin.ListAsync(OperatorResources.EcsTasks, _cluster, KubeJsonContext.Default.JsonObject)).Items.Count.ShouldBe(1, "no refused call wrote a task");
    }

    [Fact]
    public async Task Run_task_with_the_same_client_token_returns_the_tasks_it_started_and_starts_none()
    {
        await CreateClusterAndJobAsync();
        string[] run = ["run-task", "--cluster", _cluster, "--task-definition", "job", "--count", "2", "--started-by", "deploy-7", "--client-token", "deploy-7-migrate"];

        var first = (await _aws.JsonAsync(Writer, run))["tasks"]!.AsArray().Select(t => Text(t!["taskArn"])!).ToList();
        first.Count.ShouldBe(2);
        // The retry a pipeline makes after a timeout: the same tasks, nothing new started.
        var again = (await _aws.JsonAsync(Writer, run))["tasks"]!.AsArray().Select(t => Text(t!["taskArn"])!).ToList();
        again.ShouldBe(first);
        var ecsTasks = await _admin.ListAsync(OperatorResources.EcsTasks, _cluster, KubeJsonContext.Default.JsonObject);
        ecsTasks.Items.Count.ShouldBe(1);
        AwsEcsCli.Strings((await _aws.JsonAsync(Reader, "list-tasks", "--cluster", _cluster))["taskArns"]).Order().ShouldBe(first.Order());

        // The same token with other parameters: ECS's ConflictException naming the tasks the token started.
        var (exit, _, stderr) = await _aws.RunAsync(Writer, ["run-task", "--cluster", _cluster, "--task-definition", "job", "--count", "1", "--started-by", "deploy-7",
            "--client-token", "deploy-7-migrate", "--debug"]);
        exit.ShouldNotBe(0);
        stderr.ShouldContain("An error occurred (ConflictException) when calling the RunTask operation");
        stderr.ShouldContain("\"resourceIds\":[\"" + first[0] + "\",\"" + first[1] + "\"]");
        (await _admin.ListAsync(OperatorResources.EcsTasks, _cluster, KubeJsonContext.Default.JsonObject)).Items.Count.ShouldBe(1);

        // A new token starts new tasks; a token ECS would not take is refused.
        (await _aws.JsonAsync(Writer, ["run-task", "--cluster", _cluster, "--task-definition", "job", "--client-token", "deploy-8"]))["tasks"]!.AsArray().Count.ShouldBe(1);
        (await _aws.FailsAsync(Writer, ["run-task", "--cluster", _cluster, "--task-definition", "job", "--client-token", new string('x', 65)]))
            .ShouldContain("InvalidParameterException");
        (await _admin.ListAsync(OperatorResources.EcsTasks, _cluster, KubeJsonContext.Default.JsonObject)).Items.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Tags_are_kept_on_the_objects_that_carry_them_and_follow_ECS_rules()
    {
        await CreateClusterAndJobAsync("--tags", "key=env,value=test");
        var clusterArn = Arn("cluster/" + _cluster);
        async Task<List<(string?, string?)>> TagsAsync(string arn) =>
            (await _aws.JsonAsync(Reader, "list-tags-for-resource", "--resource-arn", arn))["tags"]!.AsArray()
                .Select(t => (Text(t!["key"]), Text(t["value"]))).ToList();

        // A cluster: an annotation on the namespace the API created.
        (await TagsAsync(clusterArn)).ShouldBe([("env", "test")]);
        await _aws.JsonAsync(Writer, "tag-resource", "--resource-arn", clusterArn, "--tags", "key=team,value=data", "key=env,value=prod");
        await _aws.JsonAsync(Writer, "untag-resource", "--resource-arn", clusterArn, "--tag-keys", "team");
        (await TagsAsync(clusterArn)).ShouldBe([("env", "prod")]);
        var ns = await _admin.GetAsync(ResourceType.Namespaces, null, _cluster, KubeJsonContext.Default.KubeObject);
        JsonNode.Parse(ns.Metadata.Annotations!["ecsbridge.io/ecs-tags"])![0]!["value"]!.GetValue<string>().ShouldBe("prod");

        // A task definition revision: beside it, never a new revision.
        var tdArn = Arn("task-definition/job:1");
        await _aws.JsonAsync(Writer, "tag-resource", "--resource-arn", tdArn, "--tags", "key=owner,value=platform");
        (await TagsAsync(tdArn)).ShouldBe([("owner", "platform")]);
        var td = await _admin.GetAsync(OperatorResources.EcsTaskDefinitions, _cluster, "job", KubeJsonContext.Default.JsonObject);
        Text(td["metadata"]!["annotations"]!["ecsbridge.io/ecs-tags.1"]).ShouldNotBeNull();
        td["status"]!["revision"]!.GetValue<int>().ShouldBe(1);

        // A service: its spec.tags.
        await _aws.JsonAsync(Writer, "create-service", "--cluster", _cluster, "--service-name", "api", "--task-definition", "job", "--desired-count", "0");
        var serviceArn = Arn($"service/{_cluster}/api");
        await _aws.JsonAsync(Writer, "tag-resource", "--resource-arn", serviceArn, "--tags", "key=tier,value=backend");
        (await TagsAsync(serviceArn)).ShouldBe([("tier", "backend")]);
        var service = await _admin.GetAsync(OperatorResources.EcsServices, _cluster, "api", KubeJsonContext.Default.JsonObject);
        (Text(service["spec"]!["tags"]![0]!["key"]), Text(service["spec"]!["tags"]![0]!["value"])).ShouldBe(("tier", "backend"));
        service["spec"]!["desiredCount"]!.GetValue<int>().ShouldBe(0);

        // A one-off task: its EcsTask's spec.tags.
        var taskArn = Text((await _aws.JsonAsync(Writer, "run-task", "--cluster", _cluster, "--task-definition", "job", "--tags", "key=run,value=1"))["tasks"]![0]!["taskArn"])!;
        await _aws.JsonAsync(Writer, "tag-resource", "--resource-arn", taskArn, "--tags", "key=by,value=ci");
        await _aws.JsonAsync(Writer, "untag-resource", "--resource-arn", taskArn, "--tag-keys", "run");
        (await TagsAsync(taskArn)).ShouldBe([("by", "ci")]);
        var taskName = taskArn.Split('/')[^1][..^2];
        Text((await _admin.GetAsync(OperatorResources.EcsTasks, _cluster, taskName, KubeJsonContext.Default.JsonObject))["spec"]!["tags"]![0]!["key"]).ShouldBe("by");

        // ECS's rules and the key's scope.
        (await _aws.FailsAsync(Writer, "tag-resource", "--resource-arn", serviceArn, "--tags", "key=aws:owner,value=x")).ShouldContain("InvalidParameterException");
        var fiftyOne = Enumerable.Range(0, 51).Select(i => $"key=k{i},value=v").ToArray();
        (await _aws.FailsAsync(Writer, ["tag-resource", "--resource-arn", clusterArn, "--tags", .. fiftyOne])).ShouldContain("InvalidParameterException");
        (await _aws.FailsAsync(Writer, "tag-resource", "--resource-arn", serviceArn, "--tags", $"key={new string('k', 129)},value=x")).ShouldContain("InvalidParameterException");
        (await _aws.FailsAsync(Reader, "tag-resource", "--resource-arn", serviceArn, "--tags", "key=a,value=b")).ShouldContain("AccessDeniedException");
        (await _aws.FailsAsync(Outsider, "list-tags-for-resource", "--resource-arn", serviceArn)).ShouldContain("AccessDeniedException");
        (await _aws.FailsAsync(Writer, "list-tags-for-resource", "--resource-arn", Arn($"service/{_cluster}/absent"))).ShouldContain("ResourceNotFoundException");
        (await TagsAsync(serviceArn)).ShouldBe([("tier", "backend")]);
        (await TagsAsync(clusterArn)).ShouldBe([("env", "prod")]);
    }
}
