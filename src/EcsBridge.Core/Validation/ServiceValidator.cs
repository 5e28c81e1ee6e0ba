using EcsBridge.Api;
using EcsBridge.Api.Services;
using EcsBridge.Api.TaskDefinitions;
using EcsBridge.Core.Build.Strategies;

namespace EcsBridge.Core.Validation;

/// <summary>Validates an EcsService spec, against the task definition revision it resolves to when known.</summary>
public static class ServiceValidator
{
    /// <param name="spec">The spec to check.</param>
    /// <param name="resolved">The task definition revision the service runs, when resolved; enables the
    /// container and port checks of loadBalancers, serviceRegistries and serviceConnect.</param>
    /// <param name="objectName">metadata.name, when known: serviceName must equal it.</param>
    public static ValidationResult Validate(EcsServiceSpec spec, EcsTaskDefinitionSpec? resolved = null, string? objectName = null)
    {
        var issues = new IssueCollector();
        CheckName(spec, objectName, issues);
        if (!TaskDefinitionReference.TryParse(spec.TaskDefinition, out var reference))
        {
            issues.Error("spec.taskDefinition", ValidationReasons.InvalidTaskDefinitionReference,
                $"'{spec.TaskDefinition}' is not family, family:revision or a task definition ARN");
        }
        else if (!KubernetesNames.IsDns1123Label(reference.Family))
        {
            issues.Error("spec.taskDefinition", ValidationReasons.InvalidTaskDefinitionReference,
                $"family '{reference.Family}' cannot name an EcsTaskDefinition (a DNS-1123 label)");
        }

        var daemon = spec.SchedulingStrategy == "DAEMON";
        if (!daemon && spec.DesiredCount is null && spec.AutoScaling is null)
        {
            issues.Error("spec.desiredCount", ValidationReasons.DesiredCountRequired, "desiredCount is required for REPLICA services without autoScaling");
        }
        if (daemon && spec.DesiredCount is not null)
        {
            issues.Warn("spec.desiredCount", ValidationReasons.Ignored, "a DAEMON service runs one task per node; desiredCount is not used");
        }
        if (daemon && spec.PlacementStrategy is { Count: > 0 })
        {
            issues.Warn("spec.placementStrategy", ValidationReasons.Ignored, "a DAEMON service runs one task per node; placement strategies do not apply");
        }

        CheckDeployment(spec, issues);
        CheckAutoScaling(spec, daemon, resolved, issues);
        CheckPlacement(spec, issues);
        CheckTargets(spec, resolved, issues);
        Reports(spec, issues);
        return issues.ToResult();
    }

    private static void CheckName(EcsServiceSpec spec, string? objectName, IssueCollector issues)
    {
        var name = spec.ServiceName ?? objectName;
        if (name is not null && !KubernetesNames.IsDns1035Label(name))
        {
            issues.Error(spec.ServiceName is null ? "metadata.name" : "spec.serviceName", ValidationReasons.InvalidName,
                $"service name '{name}' must be a DNS-1035 label here (it names a Kubernetes Service: lower-case letters, digits and '-', starting with a letter, at most 63 characters)");
        }
        if (spec.ServiceName is not null && objectName is not null && spec.ServiceName != objectName)
        {
            issues.Error("spec.serviceName", ValidationReasons.NameMismatch,
                $"serviceName '{spec.ServiceName}' differs from metadata.name '{objectName}'; the object name is the service name (omit serviceName or make them equal)");
        }
    }

    private static void CheckDeployment(EcsServiceSpec spec, IssueCollector issues)
    {
        if (spec.DeploymentController?.Type is { } type and not "ECS")
        {
            issues.NotSupported("spec.deploymentController.type", $"{type} deployments are not available; rolling updates (ECS) are used");
        }
        var configuration = spec.DeploymentConfiguration;
        if ((configuration?.MaximumPercent ?? 200) <= 100 && (configuration?.MinimumHealthyPercent ?? 100) >= 100)
        {
            issues.Warn("spec.deploymentConfiguration", ValidationReasons.Approximated,
                "maximumPercent and minimumHealthyPercent leave no room to replace a task; Kubernetes needs one, so one extra task is started (maxSurge 1)");
        }
        if (configuration?.Alarms is not null)
        {
            issues.NotSupported("spec.deploymentConfiguration.alarms", "CloudWatch alarms are not watched during rollouts");
        }
        if (spec.SchedulingStrategy == "DAEMON" && configuration?.Strategy is "BLUE_GREEN" or "LINEAR" or "CANARY")
        {
            // ECS deploys a DAEMON service by rolling only; its DaemonSet replaces the task node by node.
            issues.NotSupported("spec.deploymentConfiguration.strategy",
                $"{configuration.Strategy} does not apply to a DAEMON service (ECS deploys DAEMON services by rolling only): its DaemonSet replaces the task node by node");
            return;
        }
        CheckStrategy(configuration, spec.AutoScaling is not null, issues);
    }

    /// <summary>A hook with taskDefinition (the Kubernetes-native hook) runs as a task at the stages its strategy has
    /// room for; a Lambda or pause hook is not run, and every stage proceeds without it.</summary>
    private static void CheckLifecycleHooks(IReadOnlyList<DeploymentLifecycleHook> hooks, string? strategy, bool staged, IssueCollector issues)
    {
        const string path = "spec.deploymentConfiguration.lifecycleHooks";
        var lambdas = hooks.Count(h => string.IsNullOrWhiteSpace(h.TaskDefinition));
        if (lambdas > 0)
        {
            issues.NotSupported(path, staged
                ? $"{lambdas} lifecycle hook(s) without taskDefinition are not run (no AWS Lambda calls, no pauses): every stage proceeds without them; give a hook a taskDefinition to run it as a task"
                : $"{lambdas} lifecycle hook(s) are not run (no Lambda calls, no pauses)");
        }
        for (var i = 0; i < hooks.Count; i++)
        {
            var hook = hooks[i];
            if (string.IsNullOrWhiteSpace(hook.TaskDefinition))
            {
                continue;
            }
            var at = $"{path}[{i}]";
            if (!TaskDefinitionReference.TryParse(hook.TaskDefinition, out var reference) || !KubernetesNames.IsDns1123Label(reference.Family))
            {
                issues.Error(at + ".taskDefinition", ValidationReasons.InvalidTaskDefinitionReference,
                    $"'{hook.TaskDefinition}' is not family, family:revision or a task definition ARN of a family that can name an EcsTaskDefinition");
                continue;
            }
            if (!staged)
            {
                issues.NotSupported(at + ".taskDefinition", $"lifecycle hooks run under BLUE_GREEN, LINEAR and CANARY only; under {strategy ?? "ROLLING"} {hook.TaskDefinition} is not run");
                continue;
            }
            if (hook.LifecycleStages is not { Count: > 0 })
            {
                issues.Error(at + ".lifecycleStages", ValidationReasons.MissingField, $"the hook {hook.TaskDefinition} names no lifecycle stage to run at");
                continue;
            }
            var runs = LifecycleHookGate.RunStages(strategy!);
            foreach (var stage in hook.LifecycleStages.Where(s => !runs.Contains(s)))
            {
                issues.NotSupported(at + ".lifecycleStages", stage == LifecycleStages.ReconcileService
                    ? $"{stage}: there is no reconcile stage on Kubernetes; {hook.TaskDefinition} is not run at it"
                    : $"{stage}: under {strategy} the new tasks take production traffic as soon as they are ready, so there is no stage to hold; {hook.TaskDefinition} runs at {string.Join(", ", runs)} only");
            }
        }
    }

    /// <summary>ECS's deployment strategies: ROLLING, BLUE_GREEN, LINEAR and CANARY all run; what differs from ECS is
    /// noted (LINEAR/CANARY shares are carried by task counts; no HPA under the strategies that split traffic).</summary>
    private static void CheckStrategy(DeploymentConfiguration? configuration, bool autoScaling, IssueCollector issues)
    {
        const string path = "spec.deploymentConfiguration";
        if (configuration is null)
        {
            return;
        }
        var blueGreen = configuration.Strategy == "BLUE_GREEN";
        var shifting = configuration.Strategy is "LINEAR" or "CANARY";
        if (shifting)
        {
            issues.Warn(path + ".strategy", ValidationReasons.Approximated,
                $"{configuration.Strategy} shifts traffic by the ratio of ready tasks behind one Service (no mesh): each step's share is rounded to whole tasks of desiredCount, and below 100 % both revisions keep at least one task");
        }
        if (blueGreen && configuration.BakeTimeInMinutes is null)
        {
            issues.Warn(path + ".bakeTimeInMinutes", ValidationReasons.Approximated,
                "ECS requires bakeTimeInMinutes with BLUE_GREEN; without it the old revision is deleted as soon as production traffic has moved (0 minutes)");
        }
        if (configuration.BakeTimeInMinutes is > 0 && !blueGreen && !shifting)
        {
            issues.NotSupported(path + ".bakeTimeInMinutes",
                $"no bake time under ROLLING: old tasks stop as soon as the rollout has replaced them, not {configuration.BakeTimeInMinutes} minute(s) after traffic shifted");
        }
        if (configuration.LifecycleHooks is { Count: > 0 } hooks)
        {
            CheckLifecycleHooks(hooks, configuration.Strategy, blueGreen || shifting, issues);
        }
        if (blueGreen && autoScaling)
        {
            issues.Warn("spec.autoScaling", ValidationReasons.Approximated,
                "under BLUE_GREEN the HPA scales the production revision between deployments; during one it is removed (ECS only suspends scale-in), the new revision starts at the production revision's task count, and the HPA returns on it once the old revision is gone");
        }
        if (shifting && autoScaling)
        {
            issues.Warn("spec.autoScaling", ValidationReasons.Approximated,
                $"under {configuration.Strategy} the HPA scales the production revision between deployments; during a shift it is removed (ECS only suspends scale-in), since each step splits the production revision's task count between the two revisions' Deployments, and it returns on the new revision once the old one is gone");
        }
        if (configuration.LinearConfiguration is not null && configuration.Strategy != "LINEAR")
        {
            issues.NotSupported(path + ".linearConfiguration", "used only with strategy LINEAR");
        }
        if (configuration.CanaryConfiguration is not null && configuration.Strategy != "CANARY")
        {
            issues.NotSupported(path + ".canaryConfiguration", "used only with strategy CANARY");
        }
    }

    private static void CheckAutoScaling(EcsServiceSpec spec, bool daemon, EcsTaskDefinitionSpec? resolved, IssueCollector issues)
    {
        if (spec.AutoScaling is not { } scaling)
        {
            return;
        }
        if (daemon)
        {
            issues.Error("spec.autoScaling", ValidationReasons.AutoScalingWithDaemon, "a DAEMON service cannot auto scale (one task per node)");
        }
        if (scaling.MinCapacity is { } min && scaling.MaxCapacity is { } max && min > max)
        {
            issues.Error("spec.autoScaling.minCapacity", ValidationReasons.InvalidCapacityRange, $"minCapacity {min} is above maxCapacity {max}");
        }
        if (scaling.MinCapacity == 0)
        {
            issues.Warn("spec.autoScaling.minCapacity", ValidationReasons.Approximated, "a HorizontalPodAutoscaler keeps at least 1 task; minCapacity 0 becomes 1");
        }
        var cpuTarget = false;
        var memoryTarget = false;
        for (var i = 0; i < (scaling.TargetTrackingPolicies?.Count ?? 0); i++)
        {
            var policy = scaling.TargetTrackingPolicies![i];
            var path = $"spec.autoScaling.targetTrackingPolicies[{i}]";
            switch (policy.PredefinedMetricType)
            {
                case null when policy.CustomizedMetricSpecification is null:
                    issues.Error(path, ValidationReasons.MissingMetric, "a policy needs predefinedMetricType or customizedMetricSpecification");
                    break;
                case null:
                    issues.NotSupported(path + ".customizedMetricSpecification", "CloudWatch metrics are not available; the policy is not applied");
                    break;
                case "ALBRequestCountPerTarget":
                    issues.NotSupported(path + ".predefinedMetricType", "request counts per target need a metrics adapter; the policy is not applied");
                    break;
                case "ECSServiceAverageCPUUtilization":
                    cpuTarget = true;
                    break;
                case "ECSServiceAverageMemoryUtilization":
                    memoryTarget = true;
                    break;
            }
        }
        if (resolved is null)
        {
            return;
        }
        // The HPA computes utilization against requests; a container with none makes the metric unavailable.
        var containers = resolved.ContainerDefinitions ?? [];
        if (cpuTarget && resolved.Cpu is null && containers.Any(c => (c.Cpu ?? 0) == 0))
        {
            issues.Warn("spec.autoScaling", ValidationReasons.Approximated,
                "CPU target tracking needs a CPU request on every container; set cpu on each container or the task cpu");
        }
        if (memoryTarget && resolved.Memory is null && containers.Any(c => c.Memory is null && c.MemoryReservation is null))
        {
            issues.Warn("spec.autoScaling", ValidationReasons.Approximated,
                "memory target tracking needs a memory request on every container; set memory or memoryReservation on each container or the task memory");
        }
    }

    private static void CheckPlacement(EcsServiceSpec spec, IssueCollector issues)
    {
        for (var i = 0; i < (spec.PlacementConstraints?.Count ?? 0); i++)
        {
            var constraint = spec.PlacementConstraints![i];
            var path = $"spec.placementConstraints[{i}]";
            if (constraint.Type == "memberOf")
            {
                if (constraint.Expression is null)
                {
                    issues.Error(path + ".expression", ValidationReasons.MissingField, "memberOf needs an expression");
                }
                else if (!TaskDefinitionValidator.IsNodeLabelExpression(constraint.Expression))
                {
                    issues.NotSupported(path, $"the expression '{constraint.Expression}' does not map to a node label");
                }
            }
        }
        for (var i = 0; i < (spec.PlacementStrategy?.Count ?? 0); i++)
        {
            var strategy = spec.PlacementStrategy![i];
            var path = $"spec.placementStrategy[{i}]";
            if (strategy.Type is "binpack" or "random")
            {
                issues.NotSupported(path, $"{strategy.Type} placement is a scheduler setting on Kubernetes; the default scheduler decides");
            }
            else if (strategy.Type == "spread" && strategy.Field is not ("instanceId" or "host" or "attribute:ecs.availability-zone"))
            {
                issues.NotSupported(path + ".field", $"spread by '{strategy.Field}' has no node label; only instanceId, host and attribute:ecs.availability-zone map");
            }
        }
    }

    private static void CheckTargets(EcsServiceSpec spec, EcsTaskDefinitionSpec? resolved, IssueCollector issues)
    {
        var containers = (resolved?.ContainerDefinitions ?? []).GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        for (var i = 0; i < (spec.LoadBalancers?.Count ?? 0); i++)
        {
            var target = spec.LoadBalancers![i];
            var path = $"spec.loadBalancers[{i}]";
            if (target.ContainerName is null || target.ContainerPort is null)
            {
                issues.Error(path, ValidationReasons.MissingField, "a load balancer needs containerName and containerPort");
            }
            else if (resolved is not null)
            {
                CheckContainerPort(containers, target.ContainerName, target.ContainerPort.Value, path, issues);
            }
            if (target.TargetGroupArn is not null || target.LoadBalancerName is not null)
            {
                issues.Warn(path, ValidationReasons.Approximated, "the service gets a Kubernetes Service of type LoadBalancer; the ELB target group or load balancer name is not used");
            }
            if (target.AdvancedConfiguration is not null)
            {
                issues.NotSupported(path + ".advancedConfiguration", "the alternate target group, listener rules and role of blue/green deployments are not used; one Service receives all traffic");
            }
        }
        for (var i = 0; i < (spec.ServiceRegistries?.Count ?? 0); i++)
        {
            var registry = spec.ServiceRegistries![i];
            var path = $"spec.serviceRegistries[{i}]";
            if (resolved is not null && registry.ContainerName is not null)
            {
                if (registry.ContainerPort is { } port)
                {
                    CheckContainerPort(containers, registry.ContainerName, port, path, issues);
                }
                else if (!containers.ContainsKey(registry.ContainerName))
                {
                    issues.Error(path + ".containerName", ValidationReasons.UnknownContainer, $"'{registry.ContainerName}' is not a container of {spec.TaskDefinition}");
                }
            }
            issues.Warn(path, ValidationReasons.Approximated, "Cloud Map is not used; the service's ClusterIP Service provides its DNS name");
        }
        if (spec.ServiceConnectConfiguration is { } connect)
        {
            var portNames = containers.Values.SelectMany(c => c.PortMappings ?? []).Select(p => p.Name).OfType<string>().ToHashSet(StringComparer.Ordinal);
            for (var i = 0; i < (connect.Services?.Count ?? 0); i++)
            {
                var service = connect.Services![i];
                if (resolved is not null && !portNames.Contains(service.PortName))
                {
                    issues.Error($"spec.serviceConnectConfiguration.services[{i}].portName", ValidationReasons.UnknownPortName,
                        $"no portMapping of {spec.TaskDefinition} is named '{service.PortName}'");
                }
                if (service.Tls is not null || service.Timeout is not null || service.IngressPortOverride is not null)
                {
                    issues.NotSupported($"spec.serviceConnectConfiguration.services[{i}]", "proxy TLS, timeouts and ingress port overrides need a service mesh");
                }
                for (var j = 0; j < (service.ClientAliases?.Count ?? 0); j++)
                {
                    if (service.ClientAliases![j].TestTrafficRules is not null)
                    {
                        issues.NotSupported($"spec.serviceConnectConfiguration.services[{i}].clientAliases[{j}].testTrafficRules",
                            "there is no blue/green test traffic: requests with the header reach the running tasks like any other");
                    }
                }
            }
            if (connect.Namespace is not null)
            {
                issues.Warn("spec.serviceConnectConfiguration.namespace", ValidationReasons.Ignored, "the Kubernetes namespace is used instead of the Cloud Map namespace");
            }
            if (connect.LogConfiguration is not null)
            {
                issues.NotSupported("spec.serviceConnectConfiguration.logConfiguration", "there is no Service Connect proxy to log");
            }
            if (connect.AccessLogConfiguration is not null)
            {
                issues.NotSupported("spec.serviceConnectConfiguration.accessLogConfiguration", "there is no Service Connect proxy to write access logs");
            }
        }
    }

    private static void CheckContainerPort(Dictionary<string, ContainerDefinition> containers, string containerName, int port, string path, IssueCollector issues)
    {
        if (!containers.TryGetValue(containerName, out var container))
        {
            issues.Error(path + ".containerName", ValidationReasons.UnknownContainer, $"'{containerName}' is not a container of the task definition");
        }
        else if (container.PortMappings?.Any(p => p.ContainerPort == port) != true)
        {
            issues.Error(path + ".containerPort", ValidationReasons.UnknownContainerPort, $"container '{containerName}' has no portMapping with containerPort {port}");
        }
    }

    private static void Reports(EcsServiceSpec spec, IssueCollector issues)
    {
        if (spec.Cluster is not null)
        {
            issues.Warn("spec.cluster", ValidationReasons.Ignored, "the namespace plays the role of the ECS cluster");
        }
        if (spec.LaunchType is not null)
        {
            issues.NotSupported("spec.launchType", "pods run on the cluster's nodes whatever the launch type");
        }
        if (spec.CapacityProviderStrategy is { Count: > 0 })
        {
            issues.NotSupported("spec.capacityProviderStrategy", "capacity providers do not exist on Kubernetes; the scheduler places the pods");
        }
        if (spec.PlatformVersion is not null)
        {
            issues.NotSupported("spec.platformVersion", "the Fargate platform version does not apply");
        }
        if (spec.NetworkConfiguration is not null)
        {
            issues.NotSupported("spec.networkConfiguration", "subnets, security groups and public IPs are AWS settings; pods use the cluster network");
        }
        if (spec.EnableExecuteCommand == true)
        {
            issues.NotSupported("spec.enableExecuteCommand", "nothing to enable: kubectl exec works, subject to RBAC");
        }
        if (spec.EnableECSManagedTags == true)
        {
            issues.NotSupported("spec.enableECSManagedTags", "ECS managed tags are not added");
        }
        if (spec.Role is not null)
        {
            issues.NotSupported("spec.role", "the ELB service role is not used");
        }
        if (spec.AvailabilityZoneRebalancing == "ENABLED")
        {
            issues.NotSupported("spec.availabilityZoneRebalancing",
                "running pods are not moved to even out zones (the scheduler places new pods; spread them with placementStrategy spread on attribute:ecs.availability-zone)");
        }
        for (var i = 0; i < (spec.VolumeConfigurations?.Count ?? 0); i++)
        {
            var volume = spec.VolumeConfigurations![i];
            issues.NotSupported($"spec.volumeConfigurations[{i}]",
                $"no EBS volume is created for '{volume.Name}'; the task definition's configuredAtLaunch volume is scratch space (emptyDir) and its size, type, IOPS, snapshot and encryption are not used");
        }
        if (spec.VpcLatticeConfigurations is { Count: > 0 })
        {
            issues.NotSupported("spec.vpcLatticeConfigurations", "tasks are not registered with VPC Lattice target groups; the service's Kubernetes Service is the way in");
        }
    }
}
