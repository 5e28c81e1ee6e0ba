using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json.Nodes;
using EcsBridge.Commands;
using EcsBridge.Core.Ecs;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Output;
using Xunit.Abstractions;
using static EcsBridge.IntegrationTests.Commands.ApiServerApply;

namespace EcsBridge.IntegrationTests.Commands;

/// <summary>Every field today's AWS CLI knows: the skeletons of `aws ecs register-task-definition` and
/// `aws ecs create-service --generate-cli-skeleton` (from the aws on the machine), kept as they are (their "", 0
/// and true placeholders) except where ECS itself needs a value, convert and render, and what they print is
/// accepted by the real API server: the EcsTaskDefinition and EcsService under the generated CRDs with nothing
/// pruned, and the children for Kubernetes 1.20.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class AwsCliSkeletonTests(ControlPlaneFixture fixture, ITestOutputHelper output)
{
    private const string FieldManager = "ecsbridge-skeleton-tests";

    /// <summary>Values ECS requires or would refuse as placeholders (names, images, ARNs, sizes, ports that must
    /// agree with each other), and every enum: the CLI picks enum placeholders at random, so each is pinned to keep
    /// the test deterministic (a blue/green service on EC2, Linux). Merged onto the skeleton: objects by key, lists by index; every key must already be
    /// in the skeleton, except in list items the skeleton does not have (the second container).</summary>
    private const string TaskDefinitionValues = """
    {
      "family": "skeleton-web",
      "networkMode": "awsvpc",
      "containerDefinitions": [{
        "name": "web", "image": "public.ecr.aws/nginx/nginx:1.27",
        "repositoryCredentials": { "credentialsParameter": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:registry-AbCdEf" },
        "cpu": 256, "memory": 512, "memoryReservation": 256,
        "links": ["log-router"],
        "portMappings": [{ "containerPort": 8080, "hostPort": 8080, "protocol": "tcp", "name": "http", "appProtocol": "http" }],
        "restartPolicy": { "restartAttemptPeriod": 60 },
        "entryPoint": ["/docker-entrypoint.sh"], "command": ["nginx", "-g", "daemon off;"],
        "environment": [{ "name": "MODE", "value": "production" }],
        "environmentFiles": [{ "value": "arn:aws:s3:::config-bucket/web.env", "type": "s3" }],
        "mountPoints": [{ "sourceVolume": "data", "containerPath": "/data" }],
        "volumesFrom": [{ "sourceContainer": "log-router" }],
        "linuxParameters": {
          "capabilities": { "add": ["NET_ADMIN"], "drop": ["MKNOD"] },
          "devices": [{ "hostPath": "/dev/fuse", "containerPath": "/dev/fuse", "permissions": ["read", "write"] }],
          "sharedMemorySize": 64, "tmpfs": [{ "containerPath": "/run", "size": 64, "mountOptions": ["noexec"] }],
          "swappiness": 60
        },
        "secrets": [{ "name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf:password::" }],
        "dependsOn": [{ "containerName": "log-router", "condition": "START" }],
        "startTimeout": 120, "stopTimeout": 30, "versionConsistency": "enabled",
        "hostname": "web", "user": "101:101", "workingDirectory": "/usr/share/nginx",
        "dnsServers": ["10.0.0.2"], "dnsSearchDomains": ["svc.example.internal"],
        "extraHosts": [{ "hostname": "db.internal", "ipAddress": "10.0.1.10" }],
        "dockerSecurityOptions": ["no-new-privileges"],
        "dockerLabels": { "KeyName": "team-web" },
        "ulimits": [{ "name": "nofile", "softLimit": 8192, "hardLimit": 8192 }],
        "logConfiguration": { "logDriver": "awsfirelens", "options": { "KeyName": "web" },
          "secretOptions": [{ "name": "apikey", "valueFrom": "arn:aws:ssm:eu-west-1:123456789012:parameter/logs/apikey" }] },
        "healthCheck": { "command": ["CMD-SHELL", "wget -q -O /dev/null http://localhost:8080/ || exit 1"],
          "interval": 30, "timeout": 5, "retries": 3, "startPeriod": 10 },
        "systemControls": [{ "namespace": "net.core.somaxconn", "value": "1024" }],
        "resourceRequirements": [{ "value": "device_1", "type": "InferenceAccelerator" }],
        "firelensConfiguration": { "type": "fluentbit", "options": { "KeyName": "enable-ecs-log-metadata" } },
        "credentialSpecs": ["credentialspec:arn:aws:ssm:eu-west-1:123456789012:parameter/gmsa"]
      }, {
        "name": "log-router", "image": "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable", "memoryReservation": 64
      }],
      "volumes": [{
        "name": "data",
        "host": { "sourcePath": "/srv/data" },
        "dockerVolumeConfiguration": { "scope": "task", "driver": "local", "driverOpts": { "KeyName": "tmpfs" }, "labels": { "KeyName": "web" } },
        "efsVolumeConfiguration": { "fileSystemId": "fs-0123456789abcdef0", "rootDirectory": "/", "transitEncryption": "ENABLED", "transitEncryptionPort": 2049,
          "authorizationConfig": { "accessPointId": "fsap-0123456789abcdef0", "iam": "ENABLED" } },
        "s3filesVolumeConfiguration": { "fileSystemArn": "arn:aws:s3files:eu-west-1:123456789012:file-system/fs-0123456789abcdef0",
          "rootDirectory": "/", "transitEncryptionPort": 2049, "accessPointArn": "arn:aws:s3files:eu-west-1:123456789012:access-point/ap-0123456789abcdef0" },
        "fsxWindowsFileServerVolumeConfiguration": { "fileSystemId": "fs-0fedcba9876543210", "rootDirectory": "share",
          "authorizationConfig": { "credentialsParameter": "arn:aws:ssm:eu-west-1:123456789012:parameter/fsx-creds", "domain": "corp.example.com" } }
      }],
      "placementConstraints": [{ "type": "memberOf", "expression": "attribute:ecs.instance-type =~ t3.*" }],
      "requiresCompatibilities": ["EC2"],
      "cpu": "512", "memory": "1024",
      "tags": [{ "key": "team", "value": "web" }],
      "pidMode": "task", "ipcMode": "none",
      "proxyConfiguration": { "type": "APPMESH", "containerName": "web", "properties": [{ "name": "AppPorts", "value": "8080" }] },
      "inferenceAccelerators": [{ "deviceName": "device_1", "deviceType": "eia2.medium" }],
      "ephemeralStorage": { "sizeInGiB": 30 },
      "runtimePlatform": { "cpuArchitecture": "X86_64", "operatingSystemFamily": "LINUX" }
    }
    """;

    private const string ServiceValues = """
    {
      "cluster": "prod", "serviceName": "skeleton-web", "taskDefinition": "skeleton-web",
      "availabilityZoneRebalancing": "ENABLED", "launchType": "EC2", "schedulingStrategy": "REPLICA", "propagateTags": "SERVICE",
      "deploymentController": { "type": "ECS" },
      "loadBalancers": [{
        "targetGroupArn": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/0123456789abcdef",
        "containerName": "web", "containerPort": 8080,
        "advancedConfiguration": {
          "alternateTargetGroupArn": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-green/0123456789abcdef",
          "productionListenerRule": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/web/0123456789abcdef/0123456789abcdef/0123456789abcdef",
          "testListenerRule": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/web/0123456789abcdef/0123456789abcdef/fedcba9876543210",
          "roleArn": "arn:aws:iam::123456789012:role/ecs-infrastructure" }
      }],
      "serviceRegistries": [{ "registryArn": "arn:aws:servicediscovery:eu-west-1:123456789012:service/srv-0123456789abcdef",
        "containerName": "web", "containerPort": 8080 }],
      "desiredCount": 2,
      "capacityProviderStrategy": [{ "capacityProvider": "FARGATE", "weight": 1 }],
      "platformVersion": "LATEST",
      "deploymentConfiguration": {
        "maximumPercent": 200, "minimumHealthyPercent": 100,
        "alarms": { "alarmNames": ["web-5xx"] },
        "strategy": "BLUE_GREEN", "bakeTimeInMinutes": 5,
        "lifecycleHooks": [{ "targetType": "AWS_LAMBDA", "lifecycleStages": ["PRE_SCALE_UP"], "hookTargetArn": "arn:aws:lambda:eu-west-1:123456789012:function:pre-scale-up",
          "roleArn": "arn:aws:iam::123456789012:role/ecs-hooks", "hookDetails": { "check": "smoke" },
          "timeoutConfiguration": { "timeoutInMinutes": 15, "action": "ROLLBACK" } }],
        "linearConfiguration": { "stepPercent": 10.0, "stepBakeTimeInMinutes": 6 },
        "canaryConfiguration": { "canaryPercent": 5.0, "canaryBakeTimeInMinutes": 10 }
      },
      "placementConstraints": [{ "type": "memberOf", "expression": "attribute:ecs.instance-type =~ t3.*" }],
      "placementStrategy": [{ "type": "spread", "field": "attribute:ecs.availability-zone" }],
      "networkConfiguration": { "awsvpcConfiguration": { "subnets": ["subnet-0123456789abcdef0"], "securityGroups": ["sg-0123456789abcdef0"],
        "assignPublicIp": "DISABLED" } },
      "healthCheckGracePeriodSeconds": 60,
      "tags": [{ "key": "team", "value": "web" }],
      "serviceConnectConfiguration": {
        "namespace": "prod.local",
        "services": [{
          "portName": "http", "discoveryName": "web",
          "clientAliases": [{ "port": 80, "dnsName": "web.prod.local",
            "testTrafficRules": { "header": { "name": "x-test", "value": { "exact": "green" } } } }],
          "ingressPortOverride": 15000,
          "timeout": { "idleTimeoutSeconds": 300, "perRequestTimeoutSeconds": 15 },
          "tls": { "issuerCertificateAuthority": { "awsPcaAuthorityArn": "arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/01234567-89ab-cdef-0123-456789abcdef" },
            "kmsKey": "arn:aws:kms:eu-west-1:123456789012:key/01234567-89ab-cdef-0123-456789abcdef", "roleArn": "arn:aws:iam::123456789012:role/ecs-tls" }
        }],
        "logConfiguration": { "logDriver": "awslogs", "options": { "KeyName": "sc" },
          "secretOptions": [{ "name": "apikey", "valueFrom": "arn:aws:ssm:eu-west-1:123456789012:parameter/logs/apikey" }] },
        "accessLogConfiguration": { "format": "JSON", "includeQueryParameters": "DISABLED" }
      },
      "volumeConfigurations": [{ "name": "data", "managedEBSVolume": {
        "kmsKeyId": "arn:aws:kms:eu-west-1:123456789012:key/01234567-89ab-cdef-0123-456789abcdef",
        "volumeType": "gp3", "sizeInGiB": 20, "snapshotId": "snap-0123456789abcdef0", "volumeInitializationRate": 100,
        "iops": 3000, "throughput": 125, "tagSpecifications": [{ "resourceType": "volume", "tags": [{ "key": "team", "value": "web" }], "propagateTags": "SERVICE" }],
        "roleArn": "arn:aws:iam::123456789012:role/ecs-infrastructure", "filesystemType": "ext4" } }],
      "vpcLatticeConfigurations": [{ "roleArn": "arn:aws:iam::123456789012:role/ecs-infrastructure",
        "targetGroupArn": "arn:aws:vpc-lattice:eu-west-1:123456789012:targetgroup/tg-0123456789abcdef0", "portName": "http" }]
    }
    """;

    /// <summary>The fields of today's ECS: each must be reported by convert (accepted, never dropped silently).</summary>
    private static readonly string[] TodaysFields =
    [
        "ecsservice/skeleton-web.spec.availabilityZoneRebalancing",
        "ecsservice/skeleton-web.spec.deploymentConfiguration.lifecycleHooks",
        "ecsservice/skeleton-web.spec.deploymentConfiguration.linearConfiguration",
        "ecsservice/skeleton-web.spec.deploymentConfiguration.canaryConfiguration",
        "ecsservice/skeleton-web.spec.loadBalancers[0].advancedConfiguration",
        "ecsservice/skeleton-web.spec.serviceConnectConfiguration.accessLogConfiguration",
        "ecsservice/skeleton-web.spec.serviceConnectConfiguration.services[0].clientAliases[0].testTrafficRules",
        "ecsservice/skeleton-web.spec.volumeConfigurations[0]",
        "ecsservice/skeleton-web.spec.vpcLatticeConfigurations",
        "ecstaskdefinition/skeleton-web.spec.volumes[0].s3filesVolumeConfiguration",
    ];

    [Fact]
    public async Task The_aws_cli_skeletons_filled_in_convert_render_and_apply()
    {
        var taskDefinition = await SkeletonAsync("register-task-definition");
        var service = await SkeletonAsync("create-service");
        Fill(taskDefinition, JsonNode.Parse(TaskDefinitionValues)!, "register-task-definition");
        Fill(service, JsonNode.Parse(ServiceValues)!, "create-service");
        var input = Path.Combine(Path.GetTempPath(), $"ecsbridge-skeleton-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(input, taskDefinition.ToJsonString() + "\n" + service.ToJsonString() + "\n");
        try
        {
            await InstallCrdsAsync(fixture, FieldManager);
            var ns = await fixture.CreateNamespaceAsync("skeleton");

            using var convertOut = new StringWriter();
            using var convertErr = new StringWriter();
            var code = await ConvertCommand.RunAsync(input, Stream.Null, convertOut, convertErr,
                new ConvertCommand.Settings { Namespace = ns, Output = OutputFormat.Json }, CancellationToken.None);
            output.WriteLine(convertErr.ToString());
            code.ShouldBe(0, convertErr.ToString());
            foreach (var field in TodaysFields)
            {
                convertErr.ToString().ShouldContain($"warning: {field}: ", Case.Sensitive, $"{field} is not reported by convert");
            }
            // BLUE_GREEN and its bake time are honoured; its Lambda hook is reported as not run.
            convertErr.ToString().ShouldNotContain("deploymentConfiguration.strategy");
            convertErr.ToString().ShouldContain("lifecycle hook(s) without taskDefinition are not run (no AWS Lambda calls, no pauses): every stage proceeds without them");
            var items = JsonNode.Parse(convertOut.ToString())!["items"]!.AsArray();
            items.Select(i => i!["kind"]!.GetValue<string>()).Order(StringComparer.Ordinal).ShouldBe(["EcsService", "EcsTaskDefinition"]);
            foreach (var item in items)
            {
                var stored = await ApplyPrintedAsync(fixture, FieldManager, ns, item!);
                ShouldBeKeptIn(item!["spec"], stored["spec"], $"{item["kind"]}.spec");
            }

            using var renderOut = new StringWriter();
            using var renderErr = new StringWriter();
            code = await RenderCommand.RunAsync(input, Stream.Null, renderOut, renderErr,
                new RenderCommand.Settings { Namespace = ns, Output = OutputFormat.Json, KubernetesVersion = "1.20" }, CancellationToken.None);
            code.ShouldBe(0, renderErr.ToString());
            var kinds = new List<string>();
            foreach (var item in JsonNode.Parse(renderOut.ToString())!["items"]!.AsArray())
            {
                var kind = item!["kind"]!.GetValue<string>();
                kinds.Add(kind);
                var stored = await ApplyPrintedAsync(fixture, FieldManager, ns, item);
                stored["metadata"]!["labels"]!.ToJsonString().ShouldBe(item["metadata"]!["labels"]!.ToJsonString());
            }
            kinds.ShouldContain("Deployment");
            kinds.ShouldContain("Service");
        }
        finally
        {
            File.Delete(input);
        }
    }

    /// <summary>The skeleton from the aws CLI on the machine; fails, saying so, when there is none.</summary>
    private async Task<JsonObject> SkeletonAsync(string operation)
    {
        var start = new ProcessStartInfo("aws")
        {
            ArgumentList = { "ecs", operation, "--generate-cli-skeleton" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The skeleton needs no account; a region keeps the CLI from looking for one.
        start.Environment["AWS_DEFAULT_REGION"] = "eu-west-1";
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"the aws CLI is not on PATH ({ex.Message}); install it (pip install awscli, or Debian's awscli: tests/envtest/setup.sh does)", ex);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            process.ExitCode.ShouldBe(0, $"aws ecs {operation} --generate-cli-skeleton: {await stderr}");
            var version = await AwsVersionAsync();
            output.WriteLine($"aws ecs {operation} --generate-cli-skeleton ({version})");
            return JsonNode.Parse(await stdout)!.AsObject();
        }
    }

    private static async Task<string> AwsVersionAsync()
    {
        var start = new ProcessStartInfo("aws") { ArgumentList = { "--version" }, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var text = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return text.Trim();
    }

    /// <summary>Merges <paramref name="values"/> onto the skeleton; a key the skeleton lacks (outside list items it
    /// does not have, or a free-form `{}`) fails the test, so the values only ever fill the skeleton's own placeholders.</summary>
    private static void Fill(JsonNode skeleton, JsonNode values, string path)
    {
        switch (values)
        {
            case JsonObject map:
                var target = skeleton.ShouldBeOfType<JsonObject>(path);
                // `{}` is the skeleton's placeholder for a free-form document (hookDetails): any keys fill it.
                var freeForm = target.Count == 0;
                foreach (var (key, value) in map)
                {
                    (freeForm || target.ContainsKey(key)).ShouldBeTrue($"{path}.{key} is not in the skeleton");
                    if (value is JsonObject or JsonArray && target[key] is JsonObject or JsonArray)
                    {
                        Fill(target[key]!, value, $"{path}.{key}");
                    }
                    else
                    {
                        target[key] = value?.DeepClone();
                    }
                }
                break;
            case JsonArray list:
                var targetList = skeleton.ShouldBeOfType<JsonArray>(path);
                for (var i = 0; i < list.Count; i++)
                {
                    if (i < targetList.Count && list[i] is JsonObject && targetList[i] is JsonObject)
                    {
                        Fill(targetList[i]!, list[i]!, $"{path}[{i}]");
                    }
                    else if (i < targetList.Count)
                    {
                        targetList[i] = list[i]?.DeepClone();
                    }
                    else
                    {
                        targetList.Add(list[i]?.DeepClone());
                    }
                }
                break;
        }
    }
}
