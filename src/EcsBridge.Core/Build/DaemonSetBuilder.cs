using System.Globalization;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Build;

/// <summary>DAEMON services → DaemonSet (one pod per node). The node count is not known to a pure builder, so
/// maxUnavailable is the percentage (100 − minimumHealthyPercent)%, which Kubernetes rounds down exactly as ECS rounds
/// the healthy minimum up. maxSurge is never written: DaemonSets only gained it in Kubernetes 1.21/1.22.</summary>
internal static class DaemonSetBuilder
{
    /// <summary>ECS defaults minimumHealthyPercent to 0 for DAEMON services (API and CLI).</summary>
    public const int DefaultDaemonMinimumHealthyPercent = 0;

    public static DaemonSet Build(BuildContext context, PodTemplateSpec template)
    {
        var minimumHealthyPercent = context.ServiceSpec.DeploymentConfiguration?.MinimumHealthyPercent ?? DefaultDaemonMinimumHealthyPercent;
        var unavailablePercent = Math.Max(0, 100 - minimumHealthyPercent);
        IntOrString maxUnavailable;
        if (unavailablePercent == 0)
        {
            context.Notes.Service("deploymentConfiguration.minimumHealthyPercent", NoteReasons.Adjusted,
                $"minimumHealthyPercent {minimumHealthyPercent} leaves no node free to update; maxUnavailable 1 is used");
            maxUnavailable = 1;
        }
        else
        {
            maxUnavailable = unavailablePercent.ToString(CultureInfo.InvariantCulture) + "%";
        }

        return new DaemonSet
        {
            Metadata = context.ChildMetadata(),
            Spec = new DaemonSetSpec
            {
                Selector = new LabelSelector { MatchLabels = context.SelectorLabels },
                Template = template,
                UpdateStrategy = new DaemonSetUpdateStrategy
                {
                    Type = DeploymentBuilder.RollingUpdate,
                    RollingUpdate = new RollingUpdateDaemonSet { MaxUnavailable = maxUnavailable },
                },
            },
        };
    }
}
