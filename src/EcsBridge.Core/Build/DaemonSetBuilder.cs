using System.Globalization;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Build;

/// <summary>DAEMON services → DaemonSet (one pod per node). ECS keeps ceil(N·minimumHealthyPercent/100) of the N
/// daemon tasks running, so N − that may be down at once. Kubernetes rounds a DaemonSet's percentage maxUnavailable
/// up (3 nodes at 50 % would allow 2 down where ECS allows 1), so the whole number is written, computed from the
/// nodes the DaemonSet runs on (<see cref="BuildOptions.DaemonNodes"/>) and recomputed when that changes. maxSurge is
/// never written: DaemonSets only gained it in Kubernetes 1.21/1.22.</summary>
internal static class DaemonSetBuilder
{
    /// <summary>ECS defaults minimumHealthyPercent to 0 for DAEMON services (API and CLI).</summary>
    public const int DefaultDaemonMinimumHealthyPercent = 0;

    public static DaemonSet Build(BuildContext context, PodTemplateSpec template) => new()
    {
        Metadata = context.ChildMetadata(),
        Spec = new DaemonSetSpec
        {
            Selector = new LabelSelector { MatchLabels = context.SelectorLabels },
            Template = template,
            UpdateStrategy = new DaemonSetUpdateStrategy
            {
                Type = DeploymentBuilder.RollingUpdate,
                RollingUpdate = new RollingUpdateDaemonSet { MaxUnavailable = MaxUnavailable(context) },
            },
        },
    };

    /// <summary>N − ceil(N·min/100) for N known nodes; at least 1, which Kubernetes requires while maxSurge is 0.</summary>
    private static int MaxUnavailable(BuildContext context)
    {
        const string Field = "deploymentConfiguration.minimumHealthyPercent";
        var minimumHealthyPercent = context.ServiceSpec.DeploymentConfiguration?.MinimumHealthyPercent ?? DefaultDaemonMinimumHealthyPercent;
        if (context.Options.DaemonNodes is not { } nodes || nodes <= 0)
        {
            // Before the DaemonSet reports its nodes nothing is being updated; 1 never exceeds what ECS allows.
            context.Notes.Service(Field, NoteReasons.Adjusted,
                "the number of nodes is not known yet: maxUnavailable is 1 until the DaemonSet reports the N nodes it runs on, then N − ceil(N × minimumHealthyPercent / 100)");
            return 1;
        }

        var unavailable = RolloutMath.MaxUnavailable(nodes, minimumHealthyPercent);
        if (unavailable == 0)
        {
            context.Notes.Service(Field, NoteReasons.Adjusted,
                $"minimumHealthyPercent {minimumHealthyPercent.ToString(CultureInfo.InvariantCulture)} of {nodes.ToString(CultureInfo.InvariantCulture)} node(s) leaves no node free to update; maxUnavailable 1 is used");
            return 1;
        }

        return unavailable;
    }
}
