using System.Text.Json.Nodes;
using EcsBridge.Core.Validation;

namespace EcsBridge.UnitTests.Validation;

public sealed class TaskDefinitionValidatorTests
{
    private static readonly Dictionary<string, (Action<JsonObject> Mutate, string Path, string Reason)> ErrorCases = new()
    {
        ["duplicate container names"] = (s => s.Container(2)["name"] = "app", "spec.containerDefinitions[2].name", ValidationReasons.DuplicateContainerName),
        ["a container name ECS refuses (not ASCII)"] = (s => s.Container(0)["name"] = "äpp", "spec.containerDefinitions[0].name", ValidationReasons.InvalidContainerName),
        ["a container name ECS refuses (a dot)"] = (s => s.Container(0)["name"] = "app.v1", "spec.containerDefinitions[0].name", ValidationReasons.InvalidContainerName),
        ["memoryReservation above memory"] = (s => s.Container(0)["memoryReservation"] = 1024, "spec.containerDefinitions[0].memoryReservation", ValidationReasons.MemoryReservationAboveMemory),
        ["no essential container"] = (s =>
        {
            foreach (var c in s["containerDefinitions"]!.AsArray())
            {
                c!["essential"] = false;
                c.AsObject().Remove("dependsOn");
            }
        }, "spec.containerDefinitions", ValidationReasons.NoEssentialContainer),
        ["dependsOn naming an unknown container"] = (s => s.Container(0)["dependsOn"]![0]!["containerName"] = "ghost", "spec.containerDefinitions[0].dependsOn[0].containerName", ValidationReasons.UnknownContainer),
        ["a container depending on itself"] = (s => s.Container(2)["dependsOn"] = JsonNode.Parse("""[{"containerName":"proxy","condition":"START"}]"""), "spec.containerDefinitions[2].dependsOn[0].containerName", ValidationReasons.DependencyCycle),
        ["a dependsOn cycle"] = (s => s.Container(2)["dependsOn"] = JsonNode.Parse("""[{"containerName":"app","condition":"START"}]"""), "spec.containerDefinitions[2].dependsOn", ValidationReasons.DependencyCycle),
        ["SUCCESS on an essential container"] = (s => s.Container(1).Remove("essential"), "spec.containerDefinitions[0].dependsOn[0].condition", ValidationReasons.InvalidDependencyCondition),
        ["HEALTHY on a container without a health check"] = (s => s.Container(2).Remove("healthCheck"), "spec.containerDefinitions[0].dependsOn[1].condition", ValidationReasons.MissingHealthCheck),
        ["an unparseable task cpu"] = (s => s["cpu"] = "lots", "spec.cpu", ValidationReasons.InvalidTaskCpu),
        ["an unparseable task memory"] = (s => s["memory"] = "1 TB", "spec.memory", ValidationReasons.InvalidTaskMemory),
        ["a task cpu/memory pair Fargate does not offer"] = (s =>
        {
            s["requiresCompatibilities"] = new JsonArray("FARGATE");
            s["cpu"] = "256";
            s["memory"] = "4096";
        }, "spec.memory", ValidationReasons.InvalidFargateSize),
        ["Fargate without task memory"] = (s =>
        {
            s["requiresCompatibilities"] = new JsonArray("FARGATE");
            s.Remove("memory");
        }, "spec.memory", ValidationReasons.MissingField),
        ["containers reserving more cpu than the task"] = (s => s["cpu"] = "128", "spec.containerDefinitions", ValidationReasons.ContainersExceedTaskSize),
        ["a container limit above the task memory"] = (s => s.Container(0)["memory"] = 2048, "spec.containerDefinitions[0].memory", ValidationReasons.ContainersExceedTaskSize),
        ["two containers on one port"] = (s => s.Container(2)["portMappings"]![0]!["containerPort"] = 80, "spec.containerDefinitions[2].portMappings[0].containerPort", ValidationReasons.PortConflict),
        ["a host port clash"] = (s =>
        {
            s["networkMode"] = "bridge";
            s.Container(2)["portMappings"]![0]!["hostPort"] = 80;
        }, "spec.containerDefinitions[2].portMappings[0].hostPort", ValidationReasons.HostPortConflict),
        ["an awsvpc hostPort different from containerPort"] = (s => s.Container(0)["portMappings"]![0]!["hostPort"] = 8080, "spec.containerDefinitions[0].portMappings[0].hostPort", ValidationReasons.HostPortMismatch),
        ["a port mapping without a port"] = (s => s.Container(0)["portMappings"]![0]!.AsObject().Remove("containerPort"), "spec.containerDefinitions[0].portMappings[0].containerPort", ValidationReasons.MissingContainerPort),
        ["a mount point naming an unknown volume"] = (s => s.Container(0)["mountPoints"]![0]!["sourceVolume"] = "cache", "spec.containerDefinitions[0].mountPoints[0].sourceVolume", ValidationReasons.UnknownVolume),
        ["a mount point without a path"] = (s => s.Container(0)["mountPoints"]![0]!.AsObject().Remove("containerPath"), "spec.containerDefinitions[0].mountPoints[0]", ValidationReasons.MissingField),
        ["duplicate volume names"] = (s => s["volumes"]!.AsArray().Add(JsonNode.Parse("""{"name":"data"}""")), "spec.volumes[1].name", ValidationReasons.DuplicateVolumeName),
        ["volumesFrom naming an unknown container"] = (s => s.Container(2)["volumesFrom"] = JsonNode.Parse("""[{"sourceContainer":"ghost"}]"""), "spec.containerDefinitions[2].volumesFrom[0].sourceContainer", ValidationReasons.UnknownContainer),
        ["a family that is not a DNS-1123 label"] = (s => s["family"] = "My_Web", "spec.family", ValidationReasons.InvalidName),
        ["a health check without CMD or CMD-SHELL"] = (s => s.Container(2)["healthCheck"]!["command"] = new JsonArray("curl", "localhost"), "spec.containerDefinitions[2].healthCheck.command", ValidationReasons.InvalidHealthCheckCommand),
        ["a GPU count that is not a number"] = (s => s.Container(0)["resourceRequirements"] = JsonNode.Parse("""[{"type":"GPU","value":"two"}]"""), "spec.containerDefinitions[0].resourceRequirements[0].value", ValidationReasons.InvalidGpuCount),
    };

    private static readonly Dictionary<string, (Action<JsonObject> Mutate, string Path)> WarningCases = new()
    {
        ["logConfiguration"] = (s => s.Container(0)["logConfiguration"] = JsonNode.Parse("""{"logDriver":"awslogs","options":{"awslogs-group":"/ecs/web"}}"""), "spec.containerDefinitions[0].logConfiguration"),
        ["ulimits"] = (s => s.Container(0)["ulimits"] = JsonNode.Parse("""[{"name":"nofile","softLimit":65535,"hardLimit":65535}]"""), "spec.containerDefinitions[0].ulimits"),
        ["taskRoleArn"] = (s => s["taskRoleArn"] = "arn:aws:iam::123456789012:role/web", "spec.taskRoleArn"),
        ["executionRoleArn"] = (s => s["executionRoleArn"] = "arn:aws:iam::123456789012:role/exec", "spec.executionRoleArn"),
        ["environmentFiles"] = (s => s.Container(0)["environmentFiles"] = JsonNode.Parse("""[{"value":"arn:aws:s3:::b/web.env","type":"s3"}]"""), "spec.containerDefinitions[0].environmentFiles"),
        ["linuxParameters.devices"] = (s => s.Container(0)["linuxParameters"] = JsonNode.Parse("""{"devices":[{"hostPath":"/dev/fuse"}]}"""), "spec.containerDefinitions[0].linuxParameters.devices"),
        ["linuxParameters.maxSwap"] = (s => s.Container(0)["linuxParameters"] = JsonNode.Parse("""{"maxSwap":512}"""), "spec.containerDefinitions[0].linuxParameters.maxSwap"),
        ["linuxParameters.swappiness"] = (s => s.Container(0)["linuxParameters"] = JsonNode.Parse("""{"swappiness":10}"""), "spec.containerDefinitions[0].linuxParameters.swappiness"),
        ["linuxParameters.initProcessEnabled"] = (s => s.Container(0)["linuxParameters"] = JsonNode.Parse("""{"initProcessEnabled":true}"""), "spec.containerDefinitions[0].linuxParameters.initProcessEnabled"),
        ["firelensConfiguration"] = (s => s.Container(0)["firelensConfiguration"] = JsonNode.Parse("""{"type":"fluentbit"}"""), "spec.containerDefinitions[0].firelensConfiguration"),
        ["systemControls"] = (s => s.Container(0)["systemControls"] = JsonNode.Parse("""[{"namespace":"net.core.somaxconn","value":"1024"}]"""), "spec.containerDefinitions[0].systemControls"),
        ["interactive"] = (s => s.Container(0)["interactive"] = true, "spec.containerDefinitions[0].interactive"),
        ["pseudoTerminal"] = (s => s.Container(0)["pseudoTerminal"] = true, "spec.containerDefinitions[0].pseudoTerminal"),
        ["disableNetworking"] = (s => s.Container(0)["disableNetworking"] = true, "spec.containerDefinitions[0].disableNetworking"),
        ["links"] = (s => s.Container(0)["links"] = new JsonArray("proxy"), "spec.containerDefinitions[0].links"),
        ["dockerSecurityOptions"] = (s => s.Container(0)["dockerSecurityOptions"] = new JsonArray("no-new-privileges"), "spec.containerDefinitions[0].dockerSecurityOptions"),
        ["repositoryCredentials"] = (s => s.Container(0)["repositoryCredentials"] = JsonNode.Parse("""{"credentialsParameter":"arn:aws:secretsmanager:us-east-1:1:secret:reg"}"""), "spec.containerDefinitions[0].repositoryCredentials"),
        ["a user name"] = (s => s.Container(0)["user"] = "nginx", "spec.containerDefinitions[0].user"),
        ["containerPortRange"] = (s => s.Container(2)["portMappings"] = JsonNode.Parse("""[{"containerPortRange":"9000-9010"}]"""), "spec.containerDefinitions[2].portMappings[0].containerPortRange"),
        ["a non-essential container"] = (_ => { }, "spec.containerDefinitions[1].essential"),
        ["an ECS container name that is not a DNS-1123 label"] = (s => s.Container(0)["name"] = "Log_Router", "spec.containerDefinitions[0].name"),
        ["networkMode none"] = (s => s["networkMode"] = "none", "spec.networkMode"),
        ["ipcMode"] = (s => s["ipcMode"] = "task", "spec.ipcMode"),
        ["pidMode host"] = (s => s["pidMode"] = "host", "spec.pidMode"),
        ["proxyConfiguration"] = (s => s["proxyConfiguration"] = JsonNode.Parse("""{"type":"APPMESH","containerName":"proxy"}"""), "spec.proxyConfiguration"),
        ["inferenceAccelerators"] = (s => s["inferenceAccelerators"] = JsonNode.Parse("""[{"deviceName":"d","deviceType":"eia2.medium"}]"""), "spec.inferenceAccelerators"),
        ["a memberOf expression without a node label"] = (s => s["placementConstraints"] = JsonNode.Parse("""[{"type":"memberOf","expression":"task:group == blue"}]"""), "spec.placementConstraints[0]"),
        ["efs volumes"] = (s => s["volumes"]![0]!["efsVolumeConfiguration"] = JsonNode.Parse("""{"fileSystemId":"fs-1"}"""), "spec.volumes[0].efsVolumeConfiguration"),
        ["docker volume driver options"] = (s => s["volumes"]![0]!["dockerVolumeConfiguration"] = JsonNode.Parse("""{"scope":"shared","driver":"rexray/ebs"}"""), "spec.volumes[0].dockerVolumeConfiguration"),
        ["COMPLETE dependencies"] = (s => s.Container(0)["dependsOn"]![0]!["condition"] = "COMPLETE", "spec.containerDefinitions[0].dependsOn[0].condition"),
        ["requiresCompatibilities"] = (s => s["requiresCompatibilities"] = new JsonArray("EC2"), "spec.requiresCompatibilities"),
    };

    public static TheoryData<string> Errors() => new(ErrorCases.Keys);

    public static TheoryData<string> Warnings() => new(WarningCases.Keys);

    [Fact]
    public void The_baseline_task_definition_is_valid()
    {
        var result = TaskDefinitionValidator.Validate(SpecFactory.TaskDefinition(), "web");
        result.Errors.ShouldBeEmpty();
        result.IsValid.ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(Errors))]
    public void Each_rule_rejects_its_case_with_the_field_path_and_reason(string name)
    {
        var (mutate, path, reason) = ErrorCases[name];
        var result = TaskDefinitionValidator.Validate(SpecFactory.TaskDefinition(mutate), "web");
        result.IsValid.ShouldBeFalse();
        result.Errors.ShouldContain(e => e.Path == path && e.Reason == reason, $"errors were: {string.Join("; ", result.Errors)}");
        result.Errors.ShouldAllBe(e => e.Message.Length > 0);
    }

    [Theory]
    [MemberData(nameof(Warnings))]
    public void Each_reported_field_is_accepted_with_a_warning(string name)
    {
        var (mutate, path) = WarningCases[name];
        var result = TaskDefinitionValidator.Validate(SpecFactory.TaskDefinition(mutate), "web");
        result.Errors.ShouldBeEmpty();
        result.Warnings.ShouldContain(w => w.Path == path, $"warnings were: {string.Join("; ", result.Warnings)}");
    }

    [Fact]
    public void A_family_other_than_the_object_name_is_rejected()
    {
        var result = TaskDefinitionValidator.Validate(SpecFactory.TaskDefinition(), "api");
        result.Errors.ShouldContain(e => e.Path == "spec.family" && e.Reason == ValidationReasons.NameMismatch);
    }

    [Fact]
    public void Without_family_the_object_name_is_checked()
    {
        var result = TaskDefinitionValidator.Validate(SpecFactory.TaskDefinition(s => s.Remove("family")), "Web_App");
        result.Errors.ShouldContain(e => e.Path == "metadata.name" && e.Reason == ValidationReasons.InvalidName);
    }

    [Fact]
    public void Fargate_sizes_are_checked_only_when_FARGATE_is_required()
    {
        var ec2 = TaskDefinitionValidator.Validate(SpecFactory.TaskDefinition(s => { s["cpu"] = "256"; s["memory"] = "4096"; s.Container(0)["cpu"] = 128; }));
        ec2.Errors.ShouldBeEmpty();
        var fargate = TaskDefinitionValidator.Validate(SpecFactory.TaskDefinition(s => { s["cpu"] = "1 vCPU"; s["memory"] = "2 GB"; s["requiresCompatibilities"] = new JsonArray("FARGATE"); }));
        fargate.Errors.ShouldBeEmpty();
    }

    [Fact]
    public void A_cycle_is_reported_once_with_its_members()
    {
        var result = TaskDefinitionValidator.Validate(SpecFactory.TaskDefinition(s => s.Container(2)["dependsOn"] = JsonNode.Parse("""[{"containerName":"app","condition":"START"}]""")));
        var cycle = result.Errors.Where(e => e.Reason == ValidationReasons.DependencyCycle).ShouldHaveSingleItem();
        cycle.Message.ShouldContain("app -> proxy -> app");
    }

    [Fact]
    public void A_warning_becomes_a_translation_note()
    {
        var result = TaskDefinitionValidator.Validate(SpecFactory.TaskDefinition(s => s["executionRoleArn"] = "arn:aws:iam::1:role/x"));
        var note = result.Warnings.Single(w => w.Path == "spec.executionRoleArn").ToTranslationNote();
        note.Field.ShouldBe("spec.executionRoleArn");
        note.Reason.ShouldBe(ValidationReasons.NotSupported);
        note.Message.ShouldNotBeNullOrWhiteSpace();
    }
}
