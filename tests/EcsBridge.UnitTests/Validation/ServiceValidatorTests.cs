using System.Text.Json.Nodes;
using EcsBridge.Core.Validation;

namespace EcsBridge.UnitTests.Validation;

public sealed class ServiceValidatorTests
{
    private static readonly Dictionary<string, (Action<JsonObject> Mutate, string Path, string Reason)> ErrorCases = new()
    {
        ["a load balancer naming an unknown container"] = (s => s["loadBalancers"]![0]!["containerName"] = "ghost", "spec.loadBalancers[0].containerName", ValidationReasons.UnknownContainer),
        ["a load balancer naming a port the container lacks"] = (s => s["loadBalancers"]![0]!["containerPort"] = 8080, "spec.loadBalancers[0].containerPort", ValidationReasons.UnknownContainerPort),
        ["a load balancer without a container"] = (s => s["loadBalancers"]![0]!.AsObject().Remove("containerName"), "spec.loadBalancers[0]", ValidationReasons.MissingField),
        ["a malformed task definition reference"] = (s => s["taskDefinition"] = "web:latest", "spec.taskDefinition", ValidationReasons.InvalidTaskDefinitionReference),
        ["a family that cannot name an object"] = (s => s["taskDefinition"] = "My_Web:3", "spec.taskDefinition", ValidationReasons.InvalidTaskDefinitionReference),
        ["no desiredCount and no autoScaling"] = (s => { s.Remove("desiredCount"); s.Remove("autoScaling"); }, "spec.desiredCount", ValidationReasons.DesiredCountRequired),
        ["minCapacity above maxCapacity"] = (s => s["autoScaling"]!["minCapacity"] = 20, "spec.autoScaling.minCapacity", ValidationReasons.InvalidCapacityRange),
        ["auto scaling a DAEMON service"] = (s => s["schedulingStrategy"] = "DAEMON", "spec.autoScaling", ValidationReasons.AutoScalingWithDaemon),
        ["a policy without a metric"] = (s => s["autoScaling"]!["targetTrackingPolicies"]![0]!.AsObject().Remove("predefinedMetricType"), "spec.autoScaling.targetTrackingPolicies[0]", ValidationReasons.MissingMetric),
        ["a service name that cannot name a Kubernetes Service"] = (s => s["serviceName"] = "1web", "spec.serviceName", ValidationReasons.InvalidName),
        ["a Service Connect port name the task lacks"] = (s => s["serviceConnectConfiguration"] = JsonNode.Parse("""{"enabled":true,"services":[{"portName":"grpc"}]}"""), "spec.serviceConnectConfiguration.services[0].portName", ValidationReasons.UnknownPortName),
        ["a service registry naming an unknown container"] = (s => s["serviceRegistries"] = JsonNode.Parse("""[{"registryArn":"arn:x","containerName":"ghost"}]"""), "spec.serviceRegistries[0].containerName", ValidationReasons.UnknownContainer),
        ["memberOf without an expression"] = (s => s["placementConstraints"] = JsonNode.Parse("""[{"type":"memberOf"}]"""), "spec.placementConstraints[0].expression", ValidationReasons.MissingField),
        ["a task hook naming no stage"] = (s => s["deploymentConfiguration"] = JsonNode.Parse("""{"strategy":"BLUE_GREEN","lifecycleHooks":[{"taskDefinition":"smoke"}]}"""), "spec.deploymentConfiguration.lifecycleHooks[0].lifecycleStages", ValidationReasons.MissingField),
        ["a task hook with a malformed task definition"] = (s => s["deploymentConfiguration"] = JsonNode.Parse("""{"strategy":"BLUE_GREEN","lifecycleHooks":[{"taskDefinition":"Smoke_Test:latest","lifecycleStages":["POST_SCALE_UP"]}]}"""), "spec.deploymentConfiguration.lifecycleHooks[0].taskDefinition", ValidationReasons.InvalidTaskDefinitionReference),
    };

    private static readonly Dictionary<string, (Action<JsonObject> Mutate, string Path)> WarningCases = new()
    {
        ["launchType"] = (s => s["launchType"] = "FARGATE", "spec.launchType"),
        ["capacityProviderStrategy"] = (s => s["capacityProviderStrategy"] = JsonNode.Parse("""[{"capacityProvider":"FARGATE_SPOT","weight":1}]"""), "spec.capacityProviderStrategy"),
        ["platformVersion"] = (s => s["platformVersion"] = "LATEST", "spec.platformVersion"),
        ["networkConfiguration"] = (s => s["networkConfiguration"] = JsonNode.Parse("""{"awsvpcConfiguration":{"subnets":["subnet-1"],"assignPublicIp":"DISABLED"}}"""), "spec.networkConfiguration"),
        ["enableExecuteCommand"] = (s => s["enableExecuteCommand"] = true, "spec.enableExecuteCommand"),
        ["enableECSManagedTags"] = (s => s["enableECSManagedTags"] = true, "spec.enableECSManagedTags"),
        ["cluster"] = (s => s["cluster"] = "prod", "spec.cluster"),
        ["role"] = (s => s["role"] = "arn:aws:iam::1:role/ecs", "spec.role"),
        ["binpack placement"] = (s => s["placementStrategy"] = JsonNode.Parse("""[{"type":"binpack","field":"memory"}]"""), "spec.placementStrategy[0]"),
        ["random placement"] = (s => s["placementStrategy"] = JsonNode.Parse("""[{"type":"random"}]"""), "spec.placementStrategy[0]"),
        ["spread by an unmapped attribute"] = (s => s["placementStrategy"] = JsonNode.Parse("""[{"type":"spread","field":"attribute:rack"}]"""), "spec.placementStrategy[0].field"),
        ["a LINEAR strategy (shares by ready tasks)"] = (s => s["deploymentConfiguration"] = JsonNode.Parse("""{"strategy":"LINEAR"}"""), "spec.deploymentConfiguration.strategy"),
        ["a CANARY strategy (shares by ready tasks)"] = (s => s["deploymentConfiguration"] = JsonNode.Parse("""{"strategy":"CANARY"}"""), "spec.deploymentConfiguration.strategy"),
        ["autoScaling under CANARY"] = (s => s["deploymentConfiguration"] = JsonNode.Parse("""{"strategy":"CANARY"}"""), "spec.autoScaling"),
        ["BLUE_GREEN on a DAEMON service"] = (s => { s["schedulingStrategy"] = "DAEMON"; s.Remove("autoScaling"); s.Remove("desiredCount"); s["deploymentConfiguration"] = JsonNode.Parse("""{"strategy":"BLUE_GREEN"}"""); }, "spec.deploymentConfiguration.strategy"),
        ["a task hook under ROLLING"] = (s => s["deploymentConfiguration"] = JsonNode.Parse("""{"lifecycleHooks":[{"taskDefinition":"smoke","lifecycleStages":["POST_SCALE_UP"]}]}"""), "spec.deploymentConfiguration.lifecycleHooks[0].taskDefinition"),
        ["a task hook at a stage CANARY cannot hold"] = (s => s["deploymentConfiguration"] = JsonNode.Parse("""{"strategy":"CANARY","lifecycleHooks":[{"taskDefinition":"smoke","lifecycleStages":["POST_TEST_TRAFFIC_SHIFT"]}]}"""), "spec.deploymentConfiguration.lifecycleHooks[0].lifecycleStages"),
        ["a task hook at RECONCILE_SERVICE"] = (s => s["deploymentConfiguration"] = JsonNode.Parse("""{"strategy":"BLUE_GREEN","lifecycleHooks":[{"taskDefinition":"smoke","lifecycleStages":["RECONCILE_SERVICE"]}]}"""), "spec.deploymentConfiguration.lifecycleHooks[0].lifecycleStages"),
        ["a canaryConfiguration under LINEAR"] = (s => s["deploymentConfiguration"] = JsonNode.Parse("""{"strategy":"LINEAR","canaryConfiguration":{"canaryPercent":10}}"""), "spec.deploymentConfiguration.canaryConfiguration"),
        ["a CODE_DEPLOY controller"] = (s => s["deploymentController"] = JsonNode.Parse("""{"type":"CODE_DEPLOY"}"""), "spec.deploymentController.type"),
        ["deployment alarms"] = (s => s["deploymentConfiguration"] = JsonNode.Parse("""{"alarms":{"alarmNames":["a"],"enable":true,"rollback":true}}"""), "spec.deploymentConfiguration.alarms"),
        ["100/100 rollout limits"] = (s => s["deploymentConfiguration"] = JsonNode.Parse("""{"maximumPercent":100,"minimumHealthyPercent":100}"""), "spec.deploymentConfiguration"),
        ["ALBRequestCountPerTarget"] = (s => s["autoScaling"]!["targetTrackingPolicies"]![0]!["predefinedMetricType"] = "ALBRequestCountPerTarget", "spec.autoScaling.targetTrackingPolicies[0].predefinedMetricType"),
        ["minCapacity 0"] = (s => s["autoScaling"]!["minCapacity"] = 0, "spec.autoScaling.minCapacity"),
        ["a target group ARN"] = (s => s["loadBalancers"]![0]!["targetGroupArn"] = "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/web/1", "spec.loadBalancers[0]"),
        ["desiredCount on a DAEMON service"] = (s => { s["schedulingStrategy"] = "DAEMON"; s.Remove("autoScaling"); }, "spec.desiredCount"),
        ["autoScaling under BLUE_GREEN"] = (s => s["deploymentConfiguration"] = JsonNode.Parse("""{"strategy":"BLUE_GREEN"}"""), "spec.autoScaling"),
        ["a bake time"] = (s => s["deploymentConfiguration"] = JsonNode.Parse("""{"strategy":"ROLLING","bakeTimeInMinutes":5}"""), "spec.deploymentConfiguration.bakeTimeInMinutes"),
        ["lifecycle hooks"] = (s => s["deploymentConfiguration"] = JsonNode.Parse("""{"lifecycleHooks":[{"hookTargetArn":"arn:aws:lambda:eu-west-1:1:function:f"}]}"""), "spec.deploymentConfiguration.lifecycleHooks"),
        ["availabilityZoneRebalancing ENABLED"] = (s => s["availabilityZoneRebalancing"] = "ENABLED", "spec.availabilityZoneRebalancing"),
        ["volumeConfigurations"] = (s => s["volumeConfigurations"] = JsonNode.Parse("""[{"name":"data","managedEBSVolume":{"roleArn":"arn:aws:iam::1:role/ebs","sizeInGiB":20}}]"""), "spec.volumeConfigurations[0]"),
        ["vpcLatticeConfigurations"] = (s => s["vpcLatticeConfigurations"] = JsonNode.Parse("""[{"roleArn":"arn:r","targetGroupArn":"arn:t","portName":"http"}]"""), "spec.vpcLatticeConfigurations"),
        ["a load balancer advancedConfiguration"] = (s => s["loadBalancers"]![0]!["advancedConfiguration"] = JsonNode.Parse("""{"alternateTargetGroupArn":"arn:tg2"}"""), "spec.loadBalancers[0].advancedConfiguration"),
    };

    public static TheoryData<string> Errors() => new(ErrorCases.Keys);

    public static TheoryData<string> Warnings() => new(WarningCases.Keys);

    [Fact]
    public void The_baseline_service_is_valid_against_its_task_definition()
    {
        var result = ServiceValidator.Validate(SpecFactory.Service(), SpecFactory.TaskDefinition(), "web");
        result.Errors.ShouldBeEmpty();
        result.Warnings.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Errors))]
    public void Each_rule_rejects_its_case_with_the_field_path_and_reason(string name)
    {
        var (mutate, path, reason) = ErrorCases[name];
        var result = ServiceValidator.Validate(SpecFactory.Service(mutate), SpecFactory.TaskDefinition(), "web");
        result.IsValid.ShouldBeFalse();
        result.Errors.ShouldContain(e => e.Path == path && e.Reason == reason, $"errors were: {string.Join("; ", result.Errors)}");
    }

    [Theory]
    [MemberData(nameof(Warnings))]
    public void Each_reported_field_is_accepted_with_a_warning(string name)
    {
        var (mutate, path) = WarningCases[name];
        var result = ServiceValidator.Validate(SpecFactory.Service(mutate), SpecFactory.TaskDefinition(), "web");
        result.Errors.ShouldBeEmpty();
        result.Warnings.ShouldContain(w => w.Path == path, $"warnings were: {string.Join("; ", result.Warnings)}");
    }

    [Fact]
    public void BLUE_GREEN_and_its_bake_time_are_honoured_without_a_warning()
    {
        var result = ServiceValidator.Validate(SpecFactory.Service(s =>
        {
            s.Remove("autoScaling");
            s["deploymentConfiguration"] = JsonNode.Parse("""{"strategy":"BLUE_GREEN","bakeTimeInMinutes":5}""");
        }), SpecFactory.TaskDefinition(), "web");
        result.Errors.ShouldBeEmpty();
        result.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void A_task_hook_at_a_stage_its_strategy_holds_runs_without_a_warning()
    {
        var result = ServiceValidator.Validate(SpecFactory.Service(s =>
        {
            s.Remove("autoScaling");
            s["deploymentConfiguration"] = JsonNode.Parse("""
                {"strategy":"BLUE_GREEN","bakeTimeInMinutes":5,"lifecycleHooks":[{"taskDefinition":"smoke:2","lifecycleStages":["PRE_SCALE_UP","POST_TEST_TRAFFIC_SHIFT","POST_PRODUCTION_TRAFFIC_SHIFT"]}]}
                """);
        }), SpecFactory.TaskDefinition(), "web");
        result.Errors.ShouldBeEmpty();
        result.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void Container_checks_wait_until_the_task_definition_is_resolved()
    {
        var result = ServiceValidator.Validate(SpecFactory.Service(s => s["loadBalancers"]![0]!["containerName"] = "ghost"), resolved: null);
        result.Errors.ShouldBeEmpty();
    }

    [Fact]
    public void A_service_name_other_than_the_object_name_is_rejected()
    {
        var result = ServiceValidator.Validate(SpecFactory.Service(s => s["serviceName"] = "api"), objectName: "web");
        result.Errors.ShouldContain(e => e.Path == "spec.serviceName" && e.Reason == ValidationReasons.NameMismatch);
    }

    [Fact]
    public void Cpu_target_tracking_warns_when_a_container_has_no_cpu_request()
    {
        var task = SpecFactory.TaskDefinition(s => { s.Remove("cpu"); s.Container(2).Remove("cpu"); });
        var result = ServiceValidator.Validate(SpecFactory.Service(), task);
        result.Warnings.ShouldContain(w => w.Path == "spec.autoScaling" && w.Message.Contains("CPU request"));
    }

    [Fact]
    public void A_task_definition_arn_is_accepted()
    {
        var result = ServiceValidator.Validate(SpecFactory.Service(s => s["taskDefinition"] = "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:4"), SpecFactory.TaskDefinition());
        result.Errors.ShouldBeEmpty();
    }
}
