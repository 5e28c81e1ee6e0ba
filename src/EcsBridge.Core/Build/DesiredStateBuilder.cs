using EcsBridge.Api;

namespace EcsBridge.Core.Build;

/// <summary>The single entry point from an EcsService and a task definition revision to the objects it should own.
/// Pure: no I/O, no clock; the same inputs always give the same objects and the same notes, which is what lets the
/// reconciler skip unchanged applies and lets <c>ecsbridge render</c> show exactly what the operator would apply.</summary>
public static class DesiredStateBuilder
{
    public static DesiredState Build(EcsService service, ResolvedTaskDefinition taskDefinition, BuildOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(taskDefinition);
        var context = new BuildContext(service, taskDefinition, options ?? BuildOptions.Default, new BuildNotes());

        // Planned once: the pod template is built from the plan, and the circuit breaker counts its essential containers.
        var planned = ContainerPlanner.Plan(context.TaskSpec.ContainerDefinitions, context.Options, context.Notes);
        var template = PodTemplateBuilder.Build(context, planned);
        var hpa = HpaBuilder.Build(context, template);
        var deployment = context.IsDaemon ? null : DeploymentBuilder.Build(context, template, autoscaled: hpa is not null);
        var daemonSet = context.IsDaemon ? DaemonSetBuilder.Build(context, template) : null;
        var kubernetesService = ServiceBuilder.Build(context, template);
        ReportServiceLevel(context);

        return new DesiredState
        {
            Deployment = deployment,
            DaemonSet = daemonSet,
            Service = kubernetesService,
            Hpa = hpa,
            ServiceAccount = ServiceAccountBuilder.Build(context),
            Selector = Labels.SelectorText(context.SelectorLabels),
            Notes = context.Notes.All,
            EssentialContainers = planned.Where(c => c.Essential).Select(c => c.Name).ToHashSet(StringComparer.Ordinal),
        };
    }

    /// <summary>Builds from an EcsTaskDefinition object whose spec is the wanted revision; the family is its name.</summary>
    public static DesiredState Build(EcsService service, EcsTaskDefinition taskDefinition, int revision, BuildOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(taskDefinition);
        var family = taskDefinition.Metadata.Name ?? taskDefinition.Spec.Family
            ?? throw new ArgumentException("The task definition has neither a name nor a family.", nameof(taskDefinition));
        return Build(service, new ResolvedTaskDefinition(family, revision, taskDefinition.Spec), options);
    }

    private static void ReportServiceLevel(BuildContext context)
    {
        var spec = context.ServiceSpec;
        var notes = context.Notes;
        if (spec.DeploymentController?.Type is { } controller && !string.Equals(controller, "ECS", StringComparison.OrdinalIgnoreCase))
        {
            notes.Service("deploymentController.type", NoteReasons.NotSupported, $"{controller} deployments are not supported; tasks are replaced by a rolling update");
        }

        if (spec.DeploymentConfiguration?.Alarms is { Enable: true })
        {
            notes.Service("deploymentConfiguration.alarms", NoteReasons.NotSupported, "CloudWatch alarms do not stop or roll back rollouts");
        }

        if (spec.LaunchType is not null)
        {
            notes.Service("launchType", NoteReasons.NotSupported, "pods run on the cluster's nodes");
        }

        if (spec.CapacityProviderStrategy is { Count: > 0 })
        {
            notes.Service("capacityProviderStrategy", NoteReasons.NotSupported, "capacity providers have no Kubernetes equivalent; pods run on the cluster's nodes");
        }

        if (spec.PlatformVersion is not null)
        {
            notes.Service("platformVersion", NoteReasons.NotSupported, "Fargate platform versions do not apply");
        }

        if (spec.NetworkConfiguration is not null)
        {
            notes.Service("networkConfiguration", NoteReasons.NotSupported, "subnets, security groups and public IPs are AWS settings; pods use the cluster network");
        }

        if (spec.EnableExecuteCommand == true)
        {
            notes.Service("enableExecuteCommand", NoteReasons.NotSupported, "not needed: kubectl exec works as RBAC allows");
        }

        if (spec.Role is not null)
        {
            notes.Service("role", NoteReasons.NotSupported, "the load balancer IAM role does not apply");
        }

        if (spec.EnableECSManagedTags == true)
        {
            notes.Service("enableECSManagedTags", NoteReasons.NotSupported, "the pods carry ecsbridge.io labels instead of ECS managed tags");
        }
    }
}
