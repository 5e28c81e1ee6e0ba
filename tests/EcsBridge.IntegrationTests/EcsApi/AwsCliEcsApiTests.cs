using System.Diagnostics;
using System.Text.Json.Nodes;
using EcsBridge.Api;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Watch;
using Shouldly;
using Xunit.Abstractions;

namespace EcsBridge.IntegrationTests.EcsApi;

/// <summary>The real AWS CLI (`aws ecs … --endpoint-url`) against the operator's ECS API on the control plane: the
/// commands of ECS's getting-started scripts, as written, and every refusal (unsigned, wrong secret, a key on a
/// cluster it does not name, a read-only key writing). What the CLI does is checked on the custom resources and
/// the children the operator makes, read with an admin client. Fails, saying so, when `aws` is not on PATH.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class AwsCliEcsApiTests(ControlPlaneFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Writer = "AKIAECSBRIDGEWRITER";
    private const string WriterSecret = "writer/Secret+0123456789abcdefghijklmnopq";
    private const string Reader = "AKIAECSBRIDGEREADER";
    private const string ReaderSecret = "reader/Secret+0123456789abcdefghijklmnopq";
    private const string Outsider = "AKIAECSBRIDGEOTHER";
    private const string OutsiderSecret = "other/Secret+0123456789abcdefghijklmnopq";

    private readonly string _cluster = "ecsapi-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _folder = Directory.CreateTempSubdirectory("ecsapi-").FullName;
    private OperatorHarness? _operator;
    private KubeClient _admin = null!;
    private string _endpoint = null!;
    private IReadOnlyList<string> _bindings = [];
    private int _cli = 1;

    public async Task InitializeAsync()
    {
        _admin = fixture.CreateAdminClient();
        var credentials = Path.Combine(_folder, "keys.json");
        await File.WriteAllTextAsync(credentials, $$"""
            {"keys": [
              {"accessKeyId": "{{Writer}}", "secretAccessKey": "{{WriterSecret}}", "clusters": ["{{_cluster}}"]},
              {"accessKeyId": "{{Reader}}", "secretAccessKey": "{{ReaderSecret}}", "clusters": ["{{_cluster}}"], "readOnly": true},
              {"accessKeyId": "{{Outsider}}", "secretAccessKey": "{{OutsiderSecret}}", "clusters": ["somewhere-else"]}
            ]}
            """);
        // The operator runs with only what an install grants it: config/rbac's manager role plus the ECS API's role
        // (config/ecs-api/ecs_api_role.yaml), bound to an identity of this test's own.
        var identity = await EcsApiIdentity.InstallAsync(fixture, _admin, _cluster);
        _bindings = identity.Bindings;
        // The cluster's namespace does not exist yet: create-cluster makes it; the operator watches it from the start.
        _operator = await OperatorHarness.StartAsync(fixture, [_cluster], o => o with
        {
            EcsApiBindAddress = "127.0.0.1:0",
            EcsApiCredentialsFile = credentials,
        }, identity.Settings);
        var endpoint = await _operator.EcsApiListening.WaitAsync(TimeSpan.FromSeconds(30));
        _endpoint = $"http://127.0.0.1:{endpoint.Port}";
    }

    public async Task DisposeAsync()
    {
        if (_operator is not null)
        {
            // No secret of any key in anything the operator logged (debug included).
            var logged = string.Join("\n", _operator.Log.Since(DateTimeOffset.MinValue));
            foreach (var secret in new[] { WriterSecret, ReaderSecret, OutsiderSecret })
            {
                logged.ShouldNotContain(secret);
            }
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

    public static TheoryData<int> Clis => AwsCli.Versions;

    [Theory]
    [MemberData(nameof(Clis))]
    public async Task The_getting_started_commands_run_unchanged_and_land_as_custom_resources(int cli)
    {
        _cli = cli;
        var containers = Path.Combine(_folder, "containers.json");
        await File.WriteAllTextAsync(containers, """
            [{"name": "web", "image": "nginx:1.27", "cpu": 256, "memory": 512, "essential": true,
              "portMappings": [{"containerPort": 80, "protocol": "tcp"}]}]
            """);

        var cluster = (await AwsAsync(Writer, WriterSecret, "create-cluster", "--cluster-name", _cluster))["cluster"]!;
        cluster["clusterArn"]!.GetValue<string>().ShouldBe($"arn:aws:ecs:us-east-1:000000000000:cluster/{_cluster}");
        cluster["status"]!.GetValue<string>().ShouldBe("ACTIVE");
        var ns = await _admin.GetAsync(ResourceType.Namespaces, null, _cluster, KubeJsonContext.Default.KubeObject);
        ns.Metadata.Labels!["ecsbridge.io/cluster"].ShouldBe("true");
        (await AwsAsync(Writer, WriterSecret, "list-clusters"))["clusterArns"]!.AsArray().Select(a => a!.GetValue<string>())
            .ShouldContain($"arn:aws:ecs:us-east-1:000000000000:cluster/{_cluster}");

        var registered = (await AwsAsync(Writer, WriterSecret, "register-task-definition", "--family", "web", "--container-definitions", "file://" + containers))["taskDefinition"]!;
        registered["taskDefinitionArn"]!.GetValue<string>().ShouldBe("arn:aws:ecs:us-east-1:000000000000:task-definition/web:1");
        registered["revision"]!.GetValue<int>().ShouldBe(1);
        registered["containerDefinitions"]![0]!["image"]!.GetValue<string>().ShouldBe("nginx:1.27");
        var td = await _admin.GetAsync(OperatorResources.EcsTaskDefinitions, _cluster, "web", KubeJsonContext.Default.JsonObject);
        td["spec"]!["containerDefinitions"]![0]!["image"]!.GetValue<string>().ShouldBe("nginx:1.27");
        ManagersOf(td).ShouldContain("ecsbridge-ecs-api");

        var created = (await AwsAsync(Writer, WriterSecret, "create-service", "--cluster", _cluster, "--service-name", "web",
            "--task-definition", "web", "--desired-count", "2", "--launch-type", "EC2"))["service"]!;
        created["serviceArn"]!.GetValue<string>().ShouldBe($"arn:aws:ecs:us-east-1:000000000000:service/{_cluster}/web");
        created["desiredCount"]!.GetValue<int>().ShouldBe(2);
        await Ecs.WaitForAsync(_admin, ResourceType.Deployments, _cluster, "web", d => d["spec"]?["replicas"]?.GetValue<int>() == 2, "the Deployment with 2 replicas");

        var described = await EventuallyServiceAsync(s => s["deployments"] is JsonArray { Count: > 0 } d && d[0]!["status"]!.GetValue<string>() == "PRIMARY", "a PRIMARY deployment");
        described["status"]!.GetValue<string>().ShouldBe("ACTIVE");
        described["taskDefinition"]!.GetValue<string>().ShouldBe("arn:aws:ecs:us-east-1:000000000000:task-definition/web:1");
        described["deployments"]![0]!["taskDefinition"]!.GetValue<string>().ShouldBe("arn:aws:ecs:us-east-1:000000000000:task-definition/web:1");
        described["launchType"]!.GetValue<string>().ShouldBe("EC2");

        // The refusals, with the service in place.
        (await AwsFailsAsync(null, null, "describe-services", "--cluster", _cluster, "--services", "web")).ShouldContain("MissingAuthenticationTokenException");
        (await AwsFailsAsync(Writer, "not-the-secret", "describe-services", "--cluster", _cluster, "--services", "web")).ShouldContain("InvalidSignatureException");
        (await AwsFailsAsync(Outsider, OutsiderSecret, "describe-services", "--cluster", _cluster, "--services", "web")).ShouldContain("AccessDeniedException");
        (await AwsFailsAsync(Reader, ReaderSecret, "update-service", "--cluster", _cluster, "--service", "web", "--desired-count", "5")).ShouldContain("AccessDeniedException");
        (await AwsAsync(Reader, ReaderSecret, "describe-services", "--cluster", _cluster, "--services", "web"))["services"]![0]!["desiredCount"]!.GetValue<int>().ShouldBe(2);
        (await _admin.GetAsync(OperatorResources.EcsServices, _cluster, "web", KubeJsonContext.Default.JsonObject))["spec"]!["desiredCount"]!.GetValue<int>().ShouldBe(2);

        var template = await PodTemplateAnnotationAsync();
        var updated = (await AwsAsync(Writer, WriterSecret, "update-service", "--cluster", _cluster, "--service", "web", "--force-new-deployment"))["service"]!;
        updated["serviceName"]!.GetValue<string>().ShouldBe("web");
        var token = (await _admin.GetAsync(OperatorResources.EcsServices, _cluster, "web", KubeJsonContext.Default.JsonObject))["spec"]!["forceNewDeploymentToken"]!.GetValue<string>();
        token.ShouldNotBeNullOrEmpty();
        await Ecs.WaitForAsync(_admin, ResourceType.Deployments, _cluster, "web",
            d => d["spec"]?["template"]?["metadata"]?["annotations"]?["ecsbridge.io/force-new-deployment"]?.GetValue<string>() is { } v && v != template,
            "a new pod template after --force-new-deployment");

        (await AwsAsync(Writer, WriterSecret, "list-services", "--cluster", _cluster))["serviceArns"]!.AsArray().Select(a => a!.GetValue<string>())
            .ShouldBe([$"arn:aws:ecs:us-east-1:000000000000:service/{_cluster}/web"]);
        (await AwsAsync(Writer, WriterSecret, "list-task-definitions"))["taskDefinitionArns"]!.AsArray().Select(a => a!.GetValue<string>())
            .ShouldContain("arn:aws:ecs:us-east-1:000000000000:task-definition/web:1");
        (await AwsFailsAsync(Writer, WriterSecret, "delete-cluster", "--cluster", _cluster)).ShouldContain("ClusterContainsServicesException");

        var deleted = (await AwsAsync(Writer, WriterSecret, "delete-service", "--cluster", _cluster, "--service", "web", "--force"))["service"]!;
        deleted["status"]!.GetValue<string>().ShouldBe("DRAINING");
        await Ecs.WaitGoneAsync(_admin, OperatorResources.EcsServices, _cluster, "web");

        var deregistered = (await AwsAsync(Writer, WriterSecret, "deregister-task-definition", "--task-definition", "web:1"))["taskDefinition"]!;
        deregistered["status"]!.GetValue<string>().ShouldBe("INACTIVE");
        (await AwsAsync(Writer, WriterSecret, "list-task-definitions", "--status", "INACTIVE"))["taskDefinitionArns"]!.AsArray().Select(a => a!.GetValue<string>())
            .ShouldBe(["arn:aws:ecs:us-east-1:000000000000:task-definition/web:1"]);

        (await AwsAsync(Writer, WriterSecret, "delete-cluster", "--cluster", _cluster))["cluster"]!["status"]!.GetValue<string>().ShouldBe("INACTIVE");
        var gone = await _admin.TryGetAsync(ResourceType.Namespaces, null, _cluster, KubeJsonContext.Default.KubeObject);
        (gone is null || gone.Metadata.DeletionTimestamp is not null).ShouldBeTrue("the cluster's namespace is deleted");
    }

    [Fact]
    public async Task A_namespace_the_api_did_not_create_is_never_taken_over_or_deleted()
    {
        var foreign = await fixture.CreateNamespaceAsync("ecsapi-foreign");
        await File.WriteAllTextAsync(Path.Combine(_folder, "keys.json"), $$"""
            {"keys": [{"accessKeyId": "{{Writer}}", "secretAccessKey": "{{WriterSecret}}", "clusters": ["{{_cluster}}", "{{foreign}}"]}]}
            """);
        // The keys file is read again when it changes; wait until the new cluster list is in effect.
        await Ecs.EventuallyAsync(async () => (await AwsRunAsync(Writer, WriterSecret, "create-cluster", "--cluster-name", foreign)).Stderr is { } e && e.Contains("InvalidParameterException", StringComparison.Ordinal) ? e : null,
            "create-cluster refused on a namespace it did not create", 60);
        (await AwsFailsAsync(Writer, WriterSecret, "delete-cluster", "--cluster", foreign)).ShouldContain("ClusterNotFoundException");
        var ns = await _admin.GetAsync(ResourceType.Namespaces, null, foreign, KubeJsonContext.Default.KubeObject);
        ns.Metadata.DeletionTimestamp.ShouldBeNull();
        ns.Metadata.Labels?.ContainsKey("ecsbridge.io/cluster").ShouldNotBe(true);
        (await AwsFailsAsync(Writer, WriterSecret, "run-task", "--cluster", foreign, "--task-definition", "web")).ShouldContain("ClusterNotFoundException");
    }

    /// <summary>The refusals the CLI cannot produce: a body changed after botocore signed it, and a request signed
    /// 20 minutes ago (botocore's clock moved back), beyond the 15-minute skew. The same script's untouched request
    /// is served, so the refusals come from the tampering and the date alone.</summary>
    [Fact]
    public async Task Requests_signed_by_botocore_then_tampered_or_signed_too_long_ago_are_refused()
    {
        (await AwsAsync(Writer, WriterSecret, "create-cluster", "--cluster-name", _cluster))["cluster"]!["status"]!.GetValue<string>().ShouldBe("ACTIVE");
        var body = $$"""{"clusters": ["{{_cluster}}"]}""";

        var intact = await SignedRequestAsync("intact", "DescribeClusters", body);
        intact.Status.ShouldBe(200, intact.Body);
        intact.Json["clusters"]![0]!["clusterName"]!.GetValue<string>().ShouldBe(_cluster);

        // Signed for one cluster, sent for another the key may also not see: the signature covers the body.
        var tampered = await SignedRequestAsync("tampered", "DescribeClusters", body, $$"""{"clusters": ["{{_cluster}}-x"]}""");
        tampered.Status.ShouldBe(400, tampered.Body);
        tampered.Json["__type"]!.GetValue<string>().ShouldEndWith("InvalidSignatureException");
        tampered.Json["message"]!.GetValue<string>().ShouldContain("signature we calculated does not match");

        var expired = await SignedRequestAsync("expired", "DescribeClusters", body);
        expired.Status.ShouldBe(400, expired.Body);
        expired.Json["__type"]!.GetValue<string>().ShouldEndWith("InvalidSignatureException");
        expired.Json["message"]!.GetValue<string>().ShouldContain("Signature expired");
    }

    private const string SignScript = """
        import datetime, json, sys, urllib.error, urllib.request
        import botocore.auth, botocore.awsrequest, botocore.credentials
        endpoint, key, secret, target, body, mode, sent = sys.argv[1:8]
        if mode == "expired":
            # botocore reads its clock through get_current_datetime (1.31+); move it 20 minutes back.
            when = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None) - datetime.timedelta(minutes=20)
            botocore.auth.get_current_datetime = lambda *args, **kwargs: when
        request = botocore.awsrequest.AWSRequest(method="POST", url=endpoint + "/", data=body.encode(), headers={
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": "AmazonEC2ContainerServiceV20141113." + target})
        botocore.auth.SigV4Auth(botocore.credentials.Credentials(key, secret), "ecs", "us-east-1").add_auth(request)
        headers = {k: v for k, v in request.headers.items() if k.lower() != "content-length"}
        try:
            with urllib.request.urlopen(urllib.request.Request(endpoint + "/", data=sent.encode(), headers=headers, method="POST"), timeout=60) as answer:
                status, text = answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode()
        print(json.dumps({"status": status, "body": text}))
        """;

    /// <summary>Signs <paramref name="body"/> with botocore's SigV4 signer (python3), then sends
    /// <paramref name="sent"/> (the body itself unless given).</summary>
    private async Task<(int Status, string Body, JsonNode Json)> SignedRequestAsync(string mode, string target, string body, string? sent = null)
    {
        var script = Path.Combine(_folder, "sign.py");
        await File.WriteAllTextAsync(script, SignScript);
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { script, _endpoint, Writer, WriterSecret, target, body, mode, sent ?? body })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        process.ExitCode.ShouldBe(0, $"python3 with botocore: {await stderr}");
        var answer = JsonNode.Parse(await stdout)!;
        var text = answer["body"]!.GetValue<string>();
        output.WriteLine($"botocore-signed {target} ({mode}) → {answer["status"]}: {text}");
        return (answer["status"]!.GetValue<int>(), text, JsonNode.Parse(text)!);
    }

    private static IEnumerable<string> ManagersOf(JsonObject obj) =>
        (obj["metadata"]?["managedFields"] as JsonArray ?? []).Select(m => m!["manager"]!.GetValue<string>());

    private async Task<string?> PodTemplateAnnotationAsync() =>
        (await _admin.GetAsync(ResourceType.Deployments, _cluster, "web", KubeJsonContext.Default.JsonObject))["spec"]?["template"]?["metadata"]?["annotations"]?["ecsbridge.io/force-new-deployment"]?.GetValue<string>();

    private async Task<JsonNode> EventuallyServiceAsync(Func<JsonNode, bool> predicate, string what)
    {
        JsonNode? last = null;
        try
        {
            return await Ecs.EventuallyAsync(async () =>
            {
                last = (await AwsAsync(Writer, WriterSecret, "describe-services", "--cluster", _cluster, "--services", "web"))["services"]![0]!;
                return predicate(last) ? last : null;
            }, what, 90);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException(ex.Message + "; last: " + last?.ToJsonString(), ex);
        }
    }

    private async Task<JsonNode> AwsAsync(string? key, string? secret, params string[] args)
    {
        var (exit, stdout, stderr) = await AwsRunAsync(key, secret, args);
        exit.ShouldBe(0, $"aws ecs {string.Join(' ', args)}: {stderr}");
        return JsonNode.Parse(stdout)!;
    }

    private async Task<string> AwsFailsAsync(string? key, string? secret, params string[] args)
    {
        var (exit, _, stderr) = await AwsRunAsync(key, secret, args);
        exit.ShouldNotBe(0, $"aws ecs {string.Join(' ', args)} should have been refused");
        return stderr;
    }

    /// <summary>`aws ecs …` with only the given key (no profile, config or retries from the machine); no key means
    /// --no-sign-request.</summary>
    private async Task<(int Exit, string Stdout, string Stderr)> AwsRunAsync(string? key, string? secret, params string[] args)
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = key ?? "",
            ["AWS_SECRET_ACCESS_KEY"] = secret ?? "",
            ["AWS_DEFAULT_REGION"] = "us-east-1",
        };
        string[] all = ["ecs", .. args, "--endpoint-url", _endpoint, "--output", "json", .. key is null ? new[] { "--no-sign-request" } : []];
        var (exit, stdout, stderr) = await AwsCli.RunAsync(_cli, environment, _folder, all);
        output.WriteLine($"aws-cli {_cli}: aws ecs {string.Join(' ', args)} ({key ?? "unsigned"}) → {exit}{(exit == 0 ? "" : ": " + stderr.Trim())}");
        return (exit, stdout, stderr);
    }
}
