using System.Globalization;
using EcsBridge.Api;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Build;

/// <summary>
/// An EcsTask and its task definition revision → the pods of its tasks. Pure, like <see cref="DesiredStateBuilder"/>:
/// the run-task overrides are applied to the revision (<see cref="TaskOverrides"/>), then the pod template is the one a
/// service of that revision gets (<see cref="PodTemplateBuilder"/>), with what a one-off task changes: restartPolicy
/// Never (ECS never restarts a task's containers), no liveness or startup probes (ECS does not stop a standalone task
/// whose container is unhealthy), the task's labels instead of a service's, and a controller reference to the EcsTask.
/// </summary>
public static class TaskPodBuilder
{
    public const string RestartNever = "Never";

    public static TaskPods Build(EcsTask task, ResolvedTaskDefinition taskDefinition, BuildOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(taskDefinition);
        var name = task.Metadata.Name ?? throw new ArgumentException("The task has no name.", nameof(task));
        var group = string.IsNullOrEmpty(task.Spec.Group) ? "family:" + taskDefinition.Family : task.Spec.Group;
        var spec = TaskOverrides.Apply(taskDefinition.Spec, task.Spec.Overrides, out var errors);
        var resolved = taskDefinition with { Spec = spec };
        var notes = new BuildNotes();
        var context = new BuildContext(AsService(task, taskDefinition.Reference), resolved, (options ?? BuildOptions.Default) with { OwnerUid = null }, notes);
        var planned = ContainerPlanner.Plan(spec.ContainerDefinitions, context.Options, notes);
        if (errors.Count > 0)
        {
            return new TaskPods { Pods = [], EssentialContainers = new HashSet<string>(), ContainerNames = [], Group = group, Errors = errors, Notes = notes.All };
        }
        var template = PodTemplateBuilder.Build(context, planned);
        ReportTaskLevel(task, spec, notes);

        var podSpec = template.Spec! with
        {
            RestartPolicy = RestartNever,
            InitContainers = template.Spec!.InitContainers?.Select(WithoutRestartProbes).ToList(),
            Containers = template.Spec.Containers.Select(WithoutRestartProbes).ToList(),
            // The family's ServiceAccount is made by its services' reconciles; a task must not depend on one existing.
            ServiceAccountName = null,
        };
        var labels = Canonical.Map(
        [
            new(Labels.Name, Names.LabelValue(name)),
            new(Labels.Task, Names.LabelValue(name)),
            new(Labels.ManagedBy, Labels.ManagedByValue),
            new(Labels.TaskDefinition, Names.LabelValue(Names.Dns1123Subdomain(taskDefinition.Family))),
            new(Labels.Revision, taskDefinition.Revision.ToString(CultureInfo.InvariantCulture)),
        ]);
        var annotations = new Dictionary<string, string>(template.Metadata?.Annotations ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [Labels.GroupAnnotation] = group,
        };
        if (!string.IsNullOrEmpty(task.Spec.StartedBy))
        {
            annotations[Labels.StartedByAnnotation] = task.Spec.StartedBy;
        }
        var count = Math.Clamp(task.Spec.Count ?? 1, 1, 10);
        var pods = Enumerable.Range(1, count).Select(index => new Pod
        {
            Metadata = new ObjectMeta
            {
                Name = PodName(name, index),
                Namespace = task.Metadata.Namespace,
                Labels = labels,
                Annotations = Canonical.Map(annotations),
                OwnerReferences = OwnerReferences(name, options?.OwnerUid),
            },
            Spec = podSpec,
        }).ToList();

        var names = planned.OrderBy(c => c.Role == ContainerRole.Regular ? 1 : 0).Select(c => new KeyValuePair<string, string>(c.Name, c.Definition.Name)).ToList();
        return new TaskPods
        {
            Pods = pods,
            EssentialContainers = planned.Where(c => c.Essential).Select(c => c.Name).ToHashSet(StringComparer.Ordinal),
            ContainerNames = names,
            Group = group,
            Errors = [],
            // The service wording of taskRoleArn (a ServiceAccount of the family) does not hold for a task.
            Notes = [.. notes.All.Where(n => !(n.Field == "taskDefinition.taskRoleArn" && n.Reason == NoteReasons.Convention))],
        };
    }

    /// <summary>The pod of task <paramref name="index"/> (1-based): the task id.</summary>
    public static string PodName(string taskName, int index)
    {
        var suffix = "-" + index.ToString(CultureInfo.InvariantCulture);
        return Names.Dns1123Subdomain(taskName.Length + suffix.Length > 253 ? taskName[..(253 - suffix.Length)] : taskName) + suffix;
    }

    /// <summary>The EcsTask seen as a service of one revision, which is what the shared builders and the task
    /// definition resolution read (name, namespace, taskDefinition; nothing service-only is set).</summary>
    public static EcsService AsService(EcsTask task, string taskDefinition)
    {
        ArgumentNullException.ThrowIfNull(task);
        return new EcsService
        {
            Metadata = new ObjectMeta { Name = task.Metadata.Name, Namespace = task.Metadata.Namespace, Uid = task.Metadata.Uid },
            // The task's tags go on its pods as the tags of a service that propagates them do.
            Spec = new EcsServiceSpec
            {
                TaskDefinition = taskDefinition,
                DesiredCount = task.Spec.Count ?? 1,
                Tags = task.Spec.Tags,
                PropagateTags = task.Spec.Tags is { Count: > 0 } ? "SERVICE" : null,
            },
        };
    }

    /// <summary>The controller reference to the EcsTask, or null without an owner (a render).</summary>
    public static IReadOnlyList<OwnerReference>? OwnerReferences(string taskName, string? ownerUid) =>
        string.IsNullOrEmpty(ownerUid)
            ? null
            : [new OwnerReference { ApiVersion = GroupVersion.ApiVersion, Kind = GroupVersion.TaskKind, Name = taskName, Uid = ownerUid, Controller = true, BlockOwnerDeletion = true }];

    private static Container WithoutRestartProbes(Container container) => container with { LivenessProbe = null, StartupProbe = null };

    private static void ReportTaskLevel(EcsTask task, EcsBridge.Api.EcsTaskDefinitionSpec spec, BuildNotes notes)
    {
        if (spec.ContainerDefinitions.Any(d => d.HealthCheck?.Command is { Count: > 0 } command && !string.Equals(command[0], "NONE", StringComparison.OrdinalIgnoreCase)))
        {
            notes.TaskDefinition("containerDefinitions.healthCheck", NoteReasons.Convention,
                "a one-off task is never stopped for an unhealthy container (as ECS, outside a service): only a readiness probe is set");
        }
        if (!string.IsNullOrEmpty(spec.TaskRoleArn) || !string.IsNullOrEmpty(task.Spec.Overrides?.TaskRoleArn))
        {
            notes.Add(task.Spec.Overrides?.TaskRoleArn is null ? "taskDefinition.taskRoleArn" : "spec.overrides.taskRoleArn", NoteReasons.NotSupported, "one-off tasks run as the namespace's default ServiceAccount; the task role is not used");
        }
        if (!string.IsNullOrEmpty(task.Spec.Overrides?.ExecutionRoleArn))
        {
            notes.Add("spec.overrides.executionRoleArn", NoteReasons.NotSupported, "images are pulled with the cluster's pull secrets");
        }
        if (task.Spec.LaunchType is not null)
        {
            notes.Add("spec.launchType", NoteReasons.NotSupported, "pods run on the cluster's nodes");
        }
    }
}
