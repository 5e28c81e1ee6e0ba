using System.Globalization;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Build;

/// <summary>REPLICA services → Deployment. <c>replicas</c> is left out whenever an HPA is desired, so the operator
/// never owns the field through server-side apply and never fights the autoscaler.</summary>
internal static class DeploymentBuilder
{
    public const string RollingUpdate = "RollingUpdate";

    /// <summary>With the circuit breaker on, the rollout fails after this long without progress (Progressing=False,
    /// ProgressDeadlineExceeded); the reconciler then marks it FAILED and rolls back when asked to. It equals the
    /// Kubernetes default, but is written so the behaviour does not depend on a server default.</summary>
    public const int CircuitBreakerProgressDeadlineSeconds = 600;

    public static Deployment Build(BuildContext context, PodTemplateSpec template, bool autoscaled)
    {
        var configuration = context.ServiceSpec.DeploymentConfiguration;
        var desired = context.ServiceSpec.DesiredCount ?? 1;
        var maximumPercent = configuration?.MaximumPercent ?? RolloutMath.DefaultMaximumPercent;
        var minimumHealthyPercent = configuration?.MinimumHealthyPercent ?? RolloutMath.DefaultMinimumHealthyPercent;

        return new Deployment
        {
            Metadata = context.ChildMetadata(),
            Spec = new DeploymentSpec
            {
                Replicas = autoscaled ? null : desired,
                Selector = new LabelSelector { MatchLabels = context.SelectorLabels },
                Template = template,
                Strategy = new DeploymentStrategy
                {
                    Type = RollingUpdate,
                    RollingUpdate = autoscaled
                        ? PercentStrategy(maximumPercent, minimumHealthyPercent, context.Notes)
                        : CountStrategy(desired, maximumPercent, minimumHealthyPercent, context.Notes),
                },
                ProgressDeadlineSeconds = configuration?.DeploymentCircuitBreaker?.Enable == true ? CircuitBreakerProgressDeadlineSeconds : null,
            },
        };
    }

    /// <summary>Exact ECS arithmetic for a known desired count.</summary>
    private static RollingUpdateDeployment CountStrategy(int desired, int maximumPercent, int minimumHealthyPercent, BuildNotes notes)
    {
        var (surge, unavailable) = RolloutMath.Strategy(desired, maximumPercent, minimumHealthyPercent, out var forced);
        if (forced)
        {
            notes.Service("deploymentConfiguration", NoteReasons.Adjusted,
                $"maximumPercent {maximumPercent} and minimumHealthyPercent {minimumHealthyPercent} leave no room to replace any of {desired} tasks; maxSurge 1 is used");
        }

        return new RollingUpdateDeployment { MaxUnavailable = unavailable, MaxSurge = surge };
    }

    /// <summary>Under an HPA the replica count is not known here, so the percentages are written. maxUnavailable
    /// stays exact (Kubernetes rounds it down as ECS does); maxSurge is rounded up by Kubernetes, down by ECS.</summary>
    private static RollingUpdateDeployment PercentStrategy(int maximumPercent, int minimumHealthyPercent, BuildNotes notes)
    {
        var surge = Math.Max(0, maximumPercent - 100);
        var unavailable = Math.Max(0, 100 - minimumHealthyPercent);
        if (surge == 0 && unavailable == 0)
        {
            notes.Service("deploymentConfiguration", NoteReasons.Adjusted,
                $"maximumPercent {maximumPercent} and minimumHealthyPercent {minimumHealthyPercent} leave no room to replace a task; maxSurge 1 is used");
            return new RollingUpdateDeployment { MaxUnavailable = 0, MaxSurge = 1 };
        }

        if (surge % 100 != 0)
        {
            notes.Service("deploymentConfiguration.maximumPercent", NoteReasons.Approximated,
                "with auto scaling the surge is a percentage, which Kubernetes rounds up where ECS rounds down");
        }

        return new RollingUpdateDeployment { MaxUnavailable = Percent(unavailable), MaxSurge = Percent(surge) };
    }

    private static IntOrString Percent(int value) =>
        value == 0 ? IntOrString.FromInt(0) : IntOrString.FromString(value.ToString(CultureInfo.InvariantCulture) + "%");
}
