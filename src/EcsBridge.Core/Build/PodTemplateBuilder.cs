using EcsBridge.Api.TaskDefinitions;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Build;

/// <summary>The pod template: containers (with init containers and sidecars from dependsOn), volumes and the
/// pod-level settings ECS spreads over its container definitions (hostname, DNS, hosts, stop timeout).</summary>
internal static class PodTemplateBuilder
{
    public const int DefaultStopTimeoutSeconds = 30;

    /// <param name="planned">The task's containers as <see cref="ContainerPlanner"/> planned them for this build.</param>
    public static PodTemplateSpec Build(BuildContext context, IReadOnlyList<PlannedContainer> planned)
    {
        var spec = context.TaskSpec;
        var notes = context.Notes;
        var resources = ResourcePlanner.Plan(spec, planned, notes);
        var volumes = VolumePlanner.Plan(spec, planned, notes);
        var grace = context.ServiceSpec.HealthCheckGracePeriodSeconds;

        var built = planned.Select(container => (container.Role, Container: ContainerBuilder.Build(
            container, spec.NetworkMode, resources[container.Index], volumes.Mounts[container.Index], grace, notes))).ToList();

        var definitions = spec.ContainerDefinitions;
        var placement = PlacementBuilder.Build(context);
        var podSpec = new PodSpec
        {
            Volumes = volumes.Volumes,
            InitContainers = Canonical.List(built.Where(b => b.Role != ContainerRole.Regular).Select(b => b.Container)),
            Containers = built.Where(b => b.Role == ContainerRole.Regular).Select(b => b.Container).ToList(),
            TerminationGracePeriodSeconds = StopTimeout(definitions),
            DnsPolicy = definitions.Any(d => d.DnsServers is { Count: > 0 }) ? "None" : null,
            NodeSelector = placement.NodeSelector,
            ServiceAccountName = ServiceAccountName(context),
            HostNetwork = NetworkMode(context) ? true : null,
            ShareProcessNamespace = ProcessNamespace(context),
            Hostname = Hostname(definitions, notes),
            Affinity = placement.Affinity,
            HostAliases = HostAliases(definitions),
            DnsConfig = DnsConfig(definitions),
            TopologySpreadConstraints = placement.TopologySpreadConstraints,
        };

        ReportTaskLevel(context);
        return new PodTemplateSpec
        {
            Metadata = new ObjectMeta { Labels = context.ObjectLabels, Annotations = Annotations(context) },
            Spec = podSpec,
        };
    }

    /// <summary>The ServiceAccount is named after the family, so every revision and every service of the family
    /// shares it; its IAM annotation is the reconciler's business.</summary>
    public static string? ServiceAccountName(BuildContext context) =>
        string.IsNullOrEmpty(context.TaskSpec.TaskRoleArn) ? null : Names.Dns1123Subdomain(context.TaskDefinition.Family);

    /// <summary>Pod-level: the largest stopTimeout, counting containers without one as the ECS default of 30 s.</summary>
    private static int? StopTimeout(IReadOnlyList<ContainerDefinition> definitions) =>
        definitions.Any(d => d.StopTimeout is not null)
            ? definitions.Max(d => d.StopTimeout ?? DefaultStopTimeoutSeconds)
            : null;

    private static bool NetworkMode(BuildContext context)
    {
        var mode = context.TaskSpec.NetworkMode;
        if (string.Equals(mode, "none", StringComparison.OrdinalIgnoreCase))
        {
            context.Notes.TaskDefinition("networkMode", NoteReasons.NotSupported, "pods always have a network; the pod network is used");
        }

        return string.Equals(mode, "host", StringComparison.OrdinalIgnoreCase);
    }

    private static bool? ProcessNamespace(BuildContext context)
    {
        var pidMode = context.TaskSpec.PidMode;
        if (string.Equals(pidMode, "task", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (pidMode is not null)
        {
            context.Notes.TaskDefinition("pidMode", NoteReasons.NotSupported, $"pidMode {pidMode} is not translated; only task (shareProcessNamespace) is");
        }

        return null;
    }

    private static string? Hostname(IReadOnlyList<ContainerDefinition> definitions, BuildNotes notes)
    {
        var index = definitions.ToList().FindIndex(d => !string.IsNullOrEmpty(d.Hostname));
        if (index < 0)
        {
            return null;
        }

        var hostname = definitions[index].Hostname!;
        var label = Names.Dns1123Label(hostname.Split('.')[0]);
        if (label != hostname)
        {
            notes.TaskDefinition($"containerDefinitions[{index}].hostname", NoteReasons.Adjusted, $"the pod hostname must be a DNS label; \"{label}\" is used");
        }

        return label;
    }

    private static IReadOnlyList<HostAlias>? HostAliases(IReadOnlyList<ContainerDefinition> definitions)
    {
        var byIp = new List<(string Ip, List<string> Hostnames)>();
        foreach (var entry in definitions.SelectMany(d => d.ExtraHosts ?? []))
        {
            var group = byIp.FindIndex(g => g.Ip == entry.IpAddress);
            if (group < 0)
            {
                byIp.Add((entry.IpAddress, [entry.Hostname]));
            }
            else if (!byIp[group].Hostnames.Contains(entry.Hostname, StringComparer.Ordinal))
            {
                byIp[group].Hostnames.Add(entry.Hostname);
            }
        }

        return Canonical.List(byIp.Select(g => new HostAlias { Ip = g.Ip, Hostnames = g.Hostnames }));
    }

    private static PodDnsConfig? DnsConfig(IReadOnlyList<ContainerDefinition> definitions)
    {
        var servers = Canonical.List(definitions.SelectMany(d => d.DnsServers ?? []).Distinct(StringComparer.Ordinal));
        var searches = Canonical.List(definitions.SelectMany(d => d.DnsSearchDomains ?? []).Distinct(StringComparer.Ordinal));
        return servers is null && searches is null ? null : new PodDnsConfig { Nameservers = servers, Searches = searches };
    }

    /// <summary>dockerLabels → <c>ecsbridge.io/label.&lt;key&gt;</c>; task tags (and service tags with propagateTags
    /// SERVICE) → <c>ecsbridge.io/tag.&lt;key&gt;</c>. The first container that sets a label wins. The service's
    /// forceNewDeploymentToken → <c>ecsbridge.io/force-new-deployment</c>.</summary>
    private static IReadOnlyDictionary<string, string>? Annotations(BuildContext context)
    {
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var definition in context.TaskSpec.ContainerDefinitions)
        {
            foreach (var (key, value) in definition.DockerLabels ?? new Dictionary<string, string>())
            {
                annotations.TryAdd(Labels.AnnotationKey(Labels.DockerLabelAnnotationPrefix, key), value);
            }
        }

        foreach (var (key, value) in Labels.TagAnnotations(context.TaskSpec.Tags))
        {
            annotations.TryAdd(key, value);
        }

        if (string.Equals(context.ServiceSpec.PropagateTags, "SERVICE", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var (key, value) in Labels.TagAnnotations(context.ServiceSpec.Tags))
            {
                annotations[key] = value;
            }
        }

        if (context.ServiceSpec.ForceNewDeploymentToken is { Length: > 0 } token)
        {
            annotations[Labels.ForceNewDeploymentAnnotation] = token;
        }

        return Canonical.Map(annotations);
    }

    private static void ReportTaskLevel(BuildContext context)
    {
        var spec = context.TaskSpec;
        var notes = context.Notes;
        if (!string.IsNullOrEmpty(spec.TaskRoleArn))
        {
            notes.TaskDefinition("taskRoleArn", NoteReasons.Convention,
                $"pods run as ServiceAccount \"{ServiceAccountName(context)}\" annotated eks.amazonaws.com/role-arn; the annotation only has an effect on EKS");
        }

        if (!string.IsNullOrEmpty(spec.ExecutionRoleArn))
        {
            notes.TaskDefinition("executionRoleArn", NoteReasons.NotSupported, "images are pulled with the cluster's pull secrets; secrets come from Kubernetes Secrets");
        }

        if (spec.IpcMode is not null)
        {
            notes.TaskDefinition("ipcMode", NoteReasons.NotSupported, "containers of a pod share IPC; ipcMode is not translated");
        }

        if (spec.ProxyConfiguration is not null)
        {
            notes.TaskDefinition("proxyConfiguration", NoteReasons.NotSupported, "App Mesh proxy configuration has no Kubernetes equivalent");
        }

        if (spec.InferenceAccelerators is { Count: > 0 })
        {
            notes.TaskDefinition("inferenceAccelerators", NoteReasons.NotSupported, "Elastic Inference has no Kubernetes equivalent");
        }

        if (spec.RequiresCompatibilities is { Count: > 0 })
        {
            notes.TaskDefinition("requiresCompatibilities", NoteReasons.NotSupported, "launch compatibilities do not apply; pods run on the cluster's nodes");
        }

        if (spec.EnableFaultInjection == true)
        {
            notes.TaskDefinition("enableFaultInjection", NoteReasons.NotSupported, "ECS fault injection has no Kubernetes equivalent");
        }
    }
}
