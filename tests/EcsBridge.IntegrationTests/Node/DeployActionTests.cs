using System.Text.Json.Nodes;
using EcsBridge.IntegrationTests.EcsApi;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using Xunit.Abstractions;
using static EcsBridge.IntegrationTests.Node.NodeTasks;

namespace EcsBridge.IntegrationTests.Node;

/// <summary>The amazon-ecs-deploy-task-definition GitHub action's call sequence, made with aws-cli 2 against the
/// operator's ECS API while the task really runs on the node: describe-task-definition, its read-only keys removed,
/// register-task-definition --cli-input-json, describe-services (ACTIVE, deploymentController), update-service
/// --force-new-deployment with the new revision, `aws ecs wait services-stable`, and describe-services with the
/// new revision PRIMARY and not FAILED. One service, one task, busybox.</summary>
[Collection(NodeCollection.Name)]
public sealed class DeployActionTests(NodeFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Cli = 2;
    private const string Key = "AKIAECSBRIDGEDEPLOY";
    private const string Secret = "deploy/Secret+0123456789abcdefghijklmnopq";

    // What the action deletes from describe-task-definition's answer before registering it again.
    private static readonly string[] ReadOnlyKeys =
        ["taskDefinitionArn", "revision", "status", "requiresAttributes", "compatibilities", "registeredAt", "registeredBy", "deregisteredAt"];

    private readonly string _cluster = "deploy-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _folder = Directory.CreateTempSubdirectory("deploy-action-").FullName;
    private OperatorHarness? _operator;
    private KubeClient _admin = null!;
    private IReadOnlyList<string> _bindings = [];
    private string _endpoint = null!;

    public async Task InitializeAsync()
    {
        await fixture.EnsureStartedAsync();
        _admin = fixture.CreateAdminClient();
        var credentials = Path.Combine(_folder, "keys.json");
        await File.WriteAllTextAsync(credentials, $$"""
            {"keys": [{"accessKeyId": "{{Key}}", "secretAccessKey": "{{Secret}}", "clusters": ["{{_cluster}}"]}]}
            """);
        var identity = await EcsApiIdentity.InstallAsync(fixture, _admin, _cluster);
        _bindings = identity.Bindings;
        _operator = await OperatorHarness.StartAsync(fixture, [_cluster], o => o with
        {
            EcsApiBindAddress = "127.0.0.1:0",
            EcsApiCredentialsFile = credentials,
        }, identity.Settings);
        _endpoint = $"http://127.0.0.1:{(await _operator.EcsApiListening.WaitAsync(TimeSpan.FromSeconds(30))).Port}";
    }

    public async Task DisposeAsync()
    {
        if (_operator is not null)
        {
            await _operator.DisposeAsync();
        }
        await _admin.DeleteIfExistsAsync(ResourceType.Namespaces, null, _cluster);
        foreach (var binding in _bindings)
        {
            await _admin.DeleteIfExistsAsync(ResourceType.ClusterRoleBindings, null, binding);
        }
        _admin.Dispose();
        Directory.Delete(_folder, true);
    }

    [Fact]
    public async Task The_deploy_action_sequence_rolls_out_a_new_revision_that_wait_services_stable_accepts()
    {
        var containers = Path.Combine(_folder, "containers.json");
        await File.WriteAllTextAsync(containers, $$"""
            [{"name": "httpd", "image": "{{Busybox}}", "cpu": 64, "memory": 64, "essential": true,
              "entryPoint": ["sh", "-c"], "command": ["mkdir -p /srv && echo ok > /srv/index.html && exec httpd -f -p {{Port}} -h /srv"],
              "portMappings": [{"containerPort": {{Port}}, "protocol": "tcp"}]}]
            """);
        await AwsAsync("create-cluster", "--cluster-name", _cluster);
        await AwsAsync("register-task-definition", "--family", "app", "--container-definitions", "file://" + containers);
        await AwsAsync("create-service", "--cluster", _cluster, "--service-name", "app", "--task-definition", "app",
            "--desired-count", "1", "--launch-type", "EC2");
        await AwsAsync("wait", "services-stable", "--cluster", _cluster, "--services", "app");

        // 1. describe-task-definition, read-only keys removed, a new environment variable (the action's render step).
        var described = (await AwsAsync("describe-task-definition", "--task-definition", "app"))["taskDefinition"]!.AsObject();
        described["revision"]!.GetValue<int>().ShouldBe(1);
        foreach (var key in ReadOnlyKeys)
        {
            described.Remove(key);
        }
        described["containerDefinitions"]![0]!["environment"] = new JsonArray(new JsonObject { ["name"] = "RELEASE", ["value"] = "2" });
        var input = Path.Combine(_folder, "task-definition.json");
        await File.WriteAllTextAsync(input, described.ToJsonString());

        // 2. register-task-definition with the edited definition as the whole input.
        var registered = (await AwsAsync("register-task-definition", "--cli-input-json", "file://" + input))["taskDefinition"]!;
        registered["revision"]!.GetValue<int>().ShouldBe(2);
        var newArn = registered["taskDefinitionArn"]!.GetValue<string>();
        newArn.ShouldBe("arn:aws:ecs:us-east-1:000000000000:task-definition/app:2");

        // 3. describe-services: the action goes on only for an ACTIVE service under the ECS deployment controller.
        var before = (await AwsAsync("describe-services", "--cluster", _cluster, "--services", "app"))["services"]![0]!;
        before["status"]!.GetValue<string>().ShouldBe("ACTIVE");
        before["deploymentController"]!["type"]!.GetValue<string>().ShouldBe("ECS");

        // 4. update-service with the new revision and a forced new deployment.
        var updated = (await AwsAsync("update-service", "--cluster", _cluster, "--service", "app", "--task-definition", newArn, "--force-new-deployment"))["service"]!;
        updated["taskDefinition"]!.GetValue<string>().ShouldBe(newArn);

        // 5. The CLI's own waiter: one deployment left and runningCount == desiredCount.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        await AwsAsync("wait", "services-stable", "--cluster", _cluster, "--services", "app");
        output.WriteLine($"services-stable after {waited.Elapsed.TotalSeconds:0.0} s");

        // 6. The action's last check: the new revision's deployment is PRIMARY and did not fail.
        var after = (await AwsAsync("describe-services", "--cluster", _cluster, "--services", "app"))["services"]![0]!;
        var deployments = after["deployments"]!.AsArray();
        deployments.Count.ShouldBe(1, after.ToJsonString());
        deployments[0]!["status"]!.GetValue<string>().ShouldBe("PRIMARY");
        deployments[0]!["taskDefinition"]!.GetValue<string>().ShouldBe(newArn);
        deployments[0]!["rolloutState"]!.GetValue<string>().ShouldNotBe("FAILED");
        after["runningCount"]!.GetValue<int>().ShouldBe(1);
        after["taskDefinition"]!.GetValue<string>().ShouldBe(newArn);
        // On the node: the one running task is of revision 2 and carries the new variable.
        var pod = (await RunningPodsAsync(_admin, _cluster, pods => pods.Count == 1, "the old task gone")).Single();
        Ecs.Text(pod["metadata"]!["labels"]!["ecsbridge.io/revision"]).ShouldBe("2");
        pod["spec"]!["containers"]![0]!["env"]!.AsArray().ShouldContain(e => Ecs.Text(e!["name"]) == "RELEASE" && Ecs.Text(e["value"]) == "2");
    }

    [Fact]
    public async Task A_forced_deployment_of_the_same_revision_is_stable_only_once_the_old_task_is_gone()
    {
        // The task takes 15 s to stop after SIGTERM (stopTimeout 30), so the old task is still terminating well after
        // the new one runs: the deployment must not be stable before it is gone.
        var containers = Path.Combine(_folder, "slow-stop.json");
        await File.WriteAllTextAsync(containers, $$"""
            [{"name": "app", "image": "{{Busybox}}", "cpu": 32, "memory": 32, "essential": true, "stopTimeout": 30,
              "entryPoint": ["sh", "-c"], "command": ["trap 'sleep 15; exit 0' TERM; while true; do sleep 1; done"]}]
            """);
        await AwsAsync("create-cluster", "--cluster-name", _cluster);
        await AwsAsync("register-task-definition", "--family", "slow", "--container-definitions", "file://" + containers);
        await AwsAsync("create-service", "--cluster", _cluster, "--service-name", "slow", "--task-definition", "slow",
            "--desired-count", "1", "--launch-type", "EC2");
        await AwsAsync("wait", "services-stable", "--cluster", _cluster, "--services", "slow");
        var first = (await AwsAsync("describe-services", "--cluster", _cluster, "--services", "slow"))["services"]![0]!["deployments"]!.AsArray().Single()!;
        Ecs.Text(first["id"]).ShouldBe("ecs-svc/slow-1");
        var oldPod = Name((await RunningPodsAsync(_admin, _cluster, pods => pods.Count == 1, "the first task")).Single());

        await AwsAsync("update-service", "--cluster", _cluster, "--service", "slow", "--force-new-deployment");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        await AwsAsync("wait", "services-stable", "--cluster", _cluster, "--services", "slow");
        output.WriteLine($"services-stable after {waited.Elapsed.TotalSeconds:0.0} s");

        // Stable means the old task is gone: one pod in the cluster (none terminating), and it is a new one.
        var pods = (await _admin.ListAsync(ResourceType.Pods, _cluster, EcsBridge.Kubernetes.Json.KubeJsonContext.Default.JsonObject)).Items.OfType<JsonObject>().ToList();
        output.WriteLine($"pods when stable: {string.Join(", ", pods.Select(p => $"{Name(p)} {Ecs.Text(p["status"]!["phase"])}{(p["metadata"]!["deletionTimestamp"] is null ? "" : " terminating")}"))}");
        pods.Count.ShouldBe(1);
        Name(pods[0]).ShouldNotBe(oldPod);
        var after = (await AwsAsync("describe-services", "--cluster", _cluster, "--services", "slow"))["services"]![0]!;
        output.WriteLine(after["deployments"]!.ToJsonString());
        var deployment = after["deployments"]!.AsArray().Single()!;
        (Ecs.Text(deployment["id"]) ?? "").ShouldMatch("^ecs-svc/slow-1-[0-9a-f]{8}$");
        Ecs.Text(deployment["rolloutState"]).ShouldBe("COMPLETED");
        after["runningCount"]!.GetValue<int>().ShouldBe(1);
        var events = after["events"]!.AsArray().Select(e => Ecs.Text(e!["message"])).ToList();
        events.ShouldContain($"(service slow) (deployment {Ecs.Text(deployment["id"])}) deployment completed.");
    }

    private async Task<JsonNode> AwsAsync(params string[] args)
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = Key,
            ["AWS_SECRET_ACCESS_KEY"] = Secret,
            ["AWS_DEFAULT_REGION"] = "us-east-1",
        };
        string[] all = ["ecs", .. args, "--endpoint-url", _endpoint, "--output", "json"];
        var (exit, stdout, stderr) = await AwsCli.RunAsync(Cli, environment, _folder, all);
        output.WriteLine($"aws-cli {Cli}: aws ecs {string.Join(' ', args)} → {exit}{(exit == 0 ? "" : ": " + stderr.Trim())}");
        exit.ShouldBe(0, $"aws ecs {string.Join(' ', args)}: {stderr}");
        // `wait` prints nothing.
        return stdout.Trim().Length == 0 ? new JsonObject() : JsonNode.Parse(stdout)!;
    }
}
