using System.Globalization;
using EcsBridge.Api;
using EcsBridge.Api.Services;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Build.Strategies;

/// <summary>
/// The Kubernetes-native lifecycle hooks (a hook with <c>taskDefinition</c>), as a pure function of where the deployment
/// stands and the hook tasks that exist. A hook runs as an EcsTask named after the new revision's Deployment, the stage
/// and the hook's index, controlled by that Deployment: it lives exactly as long as the revision it gates (no TTL, and
/// gone with a revision replaced or rolled back), so its verdict is read back from the cluster on every reconcile.
/// <list type="bullet">
/// <item>The gates (<see cref="LifecycleHookGate"/>) are passed in order; within one, the stages in ECS's order; a
/// stage's tasks start only once the stages before it succeeded.</item>
/// <item>A task that succeeded passes its hook; one that failed, or did not succeed within
/// <c>timeoutConfiguration.timeoutInMinutes</c> (1440 by default) with action ROLLBACK (the default), fails the
/// deployment; with CONTINUE a timed-out hook passes.</item>
/// <item>No hook runs for the first revision (nothing to shift from) or during a rollback.</item>
/// </list>
/// </summary>
public static class LifecycleHookPlanner
{
    /// <summary>ECS's defaults for timeoutConfiguration.</summary>
    public const int DefaultTimeoutInMinutes = 1440;

    public const string Continue = "CONTINUE";

    /// <summary>The startedBy of a hook task (ECS run-task's field), so DescribeTasks says what started it.</summary>
    public const string StartedByPrefix = "ecsbridge-lifecycle-hook/";

    public static class Statuses
    {
        public const string InProgress = "IN_PROGRESS";
        public const string Succeeded = "SUCCEEDED";
        public const string Failed = "FAILED";
        public const string TimedOut = "TIMED_OUT";
    }

    /// <summary>The EcsTask that runs hook <paramref name="index"/> (its place in lifecycleHooks) at a stage.</summary>
    public static string TaskName(string targetWorkload, string stage, int index) =>
        Names.Dns1123Subdomain(string.Create(CultureInfo.InvariantCulture,
            $"{targetWorkload}-{stage.ToLowerInvariant().Replace('_', '-')}-{index}"));

    /// <summary>The name of the revision's Deployment a lifecycle hook's task gates (its controller); null for any other
    /// EcsTask.</summary>
    public static string? GatedDeployment(EcsTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true && o.Kind == Deployment.KindValue && o.ApiVersion == Deployment.ApiVersionValue)?.Name;
    }

    public static LifecycleHookVerdict Decide(LifecycleHookInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var hooks = input.Hooks.Select((hook, index) => (Hook: hook, Index: index))
            .Where(h => !string.IsNullOrWhiteSpace(h.Hook.TaskDefinition)).ToList();
        if (hooks.Count == 0 || input.RollingBack || !input.HasPrevious)
        {
            return LifecycleHookVerdict.Open;
        }
        var gates = input.Strategy == DeploymentStrategies.BlueGreen
            ? new[] { LifecycleHookGate.ScaleUp, LifecycleHookGate.ProductionTraffic, LifecycleHookGate.CleanUp }
            : [LifecycleHookGate.ScaleUp, LifecycleHookGate.CleanUp];
        var held = new HashSet<LifecycleHookGate>();
        var start = new List<EcsTask>();
        var runs = new List<LifecycleHookRun>();
        string? waiting = null;
        string? failure = null;
        DateTimeOffset? nextExpiry = null;
        var blocked = false;

        foreach (var gate in gates)
        {
            // After the switch the gates before it are behind. Before it the clean-up gate is ahead but holds already, so
            // the reconcile that switches does not retire the previous revision before its hooks ran.
            if (input.Switched && gate != LifecycleHookGate.CleanUp)
            {
                continue;
            }
            var reached = !blocked && input.Target?.Metadata.Uid is not null
                && (gate == LifecycleHookGate.ProductionTraffic ? input.TargetReady : gate != LifecycleHookGate.CleanUp || input.Switched);
            foreach (var stage in gate.Stages)
            {
                var atStage = hooks.Where(h => h.Hook.LifecycleStages?.Contains(stage) == true).ToList();
                if (atStage.Count == 0)
                {
                    continue;
                }
                if (!reached)
                {
                    // Not there yet: the gate holds; only PRE_SCALE_UP names the stage (the others wait behind SCALE_UP).
                    held.Add(gate);
                    if (gate == LifecycleHookGate.ScaleUp)
                    {
                        waiting ??= stage;
                    }
                    break;
                }
                var passed = true;
                foreach (var (hook, index) in atStage)
                {
                    var name = TaskName(input.Target!.Metadata.Name!, stage, index);
                    var task = input.FindTask(name);
                    var foreign = task is not null && task.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Uid == input.Target.Metadata.Uid) != true;
                    var run = foreign
                        ? new LifecycleHookRun
                        {
                            LifecycleStage = stage, TaskDefinition = hook.TaskDefinition!, Task = name, Status = Statuses.Failed,
                            Reason = $"an EcsTask named {name} exists that the new revision's Deployment does not control; EcsBridge does not write over it",
                        }
                        : Judge(hook, stage, name, task is { Metadata.DeletionTimestamp: null } ? task : null, input.Now);
                    runs.Add(run);
                    if (task is null)
                    {
                        start.Add(NewTask(input, hook, stage, name));
                    }
                    if (run.Status == Statuses.InProgress && run.ExpiresAt is { } expires)
                    {
                        nextExpiry = nextExpiry is { } n && n < expires ? n : expires;
                    }
                    if (run.Status is Statuses.Failed || (run.Status is Statuses.TimedOut && !IsContinue(hook)))
                    {
                        failure ??= $"lifecycle hook {hook.TaskDefinition} at {stage} {(run.Status == Statuses.Failed ? "failed" : "timed out")}: {run.Reason}";
                    }
                    passed &= run.Status is Statuses.Succeeded || (run.Status is Statuses.TimedOut && IsContinue(hook));
                }
                if (!passed)
                {
                    held.Add(gate);
                    waiting ??= stage;
                    reached = false;
                }
            }
            blocked |= held.Contains(gate);
        }

        return new LifecycleHookVerdict
        {
            HoldScaleUp = held.Contains(LifecycleHookGate.ScaleUp),
            HoldProductionTraffic = held.Contains(LifecycleHookGate.ProductionTraffic) || held.Contains(LifecycleHookGate.ScaleUp),
            HoldCleanUp = held.Contains(LifecycleHookGate.CleanUp),
            WaitingStage = waiting,
            Start = start,
            Runs = runs,
            Failure = failure,
            NextExpiry = nextExpiry,
        };
    }

    private static LifecycleHookRun Judge(DeploymentLifecycleHook hook, string stage, string name, EcsTask? task, DateTimeOffset now)
    {
        var run = new LifecycleHookRun { LifecycleStage = stage, TaskDefinition = hook.TaskDefinition!, Task = name, Status = Statuses.InProgress };
        if (task is null)
        {
            return run;
        }
        var conditions = task.Status?.Conditions ?? [];
        if (conditions.FirstOrDefault(c => c.Type == ConditionTypes.Succeeded)?.Status == ConditionTypes.True)
        {
            return run with { Status = Statuses.Succeeded };
        }
        if (conditions.FirstOrDefault(c => c.Type == ConditionTypes.Failed) is { Status: ConditionTypes.True } failed)
        {
            return run with { Status = Statuses.Failed, Reason = failed.Message ?? task.Status?.StoppedReason ?? failed.Reason };
        }
        var minutes = hook.TimeoutConfiguration?.TimeoutInMinutes is { } m and > 0 ? m : DefaultTimeoutInMinutes;
        var expires = (task.Metadata.CreationTimestamp ?? now) + TimeSpan.FromMinutes(minutes);
        return now >= expires
            ? run with { Status = Statuses.TimedOut, ExpiresAt = expires, Reason = $"the task did not succeed within {minutes} minute(s); action {(IsContinue(hook) ? Continue : "ROLLBACK")}" }
            : run with { ExpiresAt = expires };
    }

    private static bool IsContinue(DeploymentLifecycleHook hook) => hook.TimeoutConfiguration?.Action == Continue;

    private static EcsTask NewTask(LifecycleHookInput input, DeploymentLifecycleHook hook, string stage, string name) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            Namespace = input.Target!.Metadata.Namespace,
            Labels = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [Labels.ManagedBy] = Labels.ManagedByValue,
                [Labels.Service] = Names.LabelValue(input.ServiceName),
            },
            // Controlled by the revision it gates: deleted with it (a rollback, a replaced revision, the service gone).
            OwnerReferences =
            [
                new OwnerReference
                {
                    ApiVersion = Deployment.ApiVersionValue, Kind = Deployment.KindValue, Name = input.Target.Metadata.Name!, Uid = input.Target.Metadata.Uid!,
                    Controller = true,
                },
            ],
        },
        Spec = new EcsTaskSpec { TaskDefinition = hook.TaskDefinition!.Trim(), StartedBy = StartedByPrefix + stage },
    };
}
