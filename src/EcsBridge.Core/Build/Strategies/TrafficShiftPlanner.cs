using System.Globalization;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Build.Strategies;

/// <summary>
/// ECS's LINEAR and CANARY strategies with Deployments and one Service, as a pure function of the desired children,
/// the live Deployments (and the annotations they carry) and the time. Without a mesh the share of traffic is the
/// share of ready tasks behind the production Service, which selects every revision of the service.
/// <list type="bullet">
/// <item>Each revision runs in its own Deployment, named as under BLUE_GREEN (<see cref="BlueGreenPlanner.WorkloadName"/>).</item>
/// <item>Step k of the schedule gives the new revision <c>Split(desiredCount, share k)</c> tasks. The previous
/// revision keeps the previous step's size until the new step's tasks are all ready (no capacity is lost), then
/// shrinks to the rest; that moment is stamped on the new Deployment (<see cref="TrafficShiftAnnotations.StepSince"/>)
/// and the next step begins one interval later.</item>
/// <item>When the 100 % step is ready the new revision becomes the production one (<see cref="BlueGreenAnnotations"/>,
/// so BLUE_GREEN and the next deployment read it alike); the previous revision's Deployment stays at 0 tasks until
/// bakeTimeInMinutes has passed, then it is deleted.</item>
/// <item>A circuit-breaker rollback or a change back to the production revision makes that one the target: it grows
/// back to desiredCount at once and the other revision is deleted without a bake. A Deployment that is neither
/// production nor target (a revision replaced mid-shift) is deleted at once.</item>
/// </list>
/// </summary>
public static class TrafficShiftPlanner
{
    public static TrafficShiftPlan Plan(TrafficShiftInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var desired = input.Desired;
        var built = desired.Deployment ?? throw new ArgumentException("LINEAR and CANARY need a Deployment (schedulingStrategy REPLICA).", nameof(input));
        var live = input.Live.Where(d => d.Metadata.DeletionTimestamp is null).ToList();
        var targetLabels = BlueGreenPlanner.RevisionLabels(built.Spec!.Template!.Metadata!.Labels!);

        var liveTarget = BlueGreenPlanner.LiveTarget(live, built);
        var others = live.Where(d => !ReferenceEquals(d, liveTarget)).ToList();
        var production = BlueGreenPlanner.ProductionOf(live) ?? liveTarget;
        var targetName = liveTarget?.Metadata.Name ?? BlueGreenPlanner.WorkloadName(input.ServiceName, input.Family, input.Revision);
        var count = Math.Max(0, input.DesiredCount);

        var annotations = new Dictionary<string, string>(built.Metadata.Annotations ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        Copy(liveTarget, annotations, BlueGreenAnnotations.ProductionSince, BlueGreenAnnotations.BakeDeadline);
        var kept = new List<Deployment>();
        var retired = new List<Deployment>();
        var scaled = new List<ScaledDeployment>();
        var productionIsTarget = production is null || ReferenceEquals(production, liveTarget);
        int targetReplicas;
        int? step = null;
        double? stepPercent = null;
        DateTimeOffset? stepDeadline = null;
        (int Target, int Previous) inEffect;
        string? stage;

        if (productionIsTarget)
        {
            targetReplicas = count;
            inEffect = (count, 0);
            stage = null;
        }
        else
        {
            var schedule = input.RollingBack ? TrafficShiftSchedule.AllAtOnce : input.Schedule;
            // Step state counts only for a shift from the current production revision (see ShiftFrom).
            var fresh = liveTarget?.Metadata.Annotations?.GetValueOrDefault(TrafficShiftAnnotations.ShiftFrom) != production!.Metadata.Name;
            var k = fresh ? 0 : Math.Clamp(ParseInt(liveTarget!.Metadata.Annotations?.GetValueOrDefault(TrafficShiftAnnotations.Step)) ?? 0, 0, schedule.Percents.Count - 1);
            var since = fresh ? null : Parse(liveTarget!.Metadata.Annotations?.GetValueOrDefault(TrafficShiftAnnotations.StepSince));
            var split = TrafficShiftSchedule.Split(count, schedule.Percents[k]);
            var before = k == 0 ? (Target: 0, Previous: count) : TrafficShiftSchedule.Split(count, schedule.Percents[k - 1]);
            if (since is null && IsReady(liveTarget, split.Target))
            {
                since = input.Now;
            }
            if (since is { } started && k < schedule.Percents.Count - 1 && input.Now >= started + schedule.Interval)
            {
                // The step's interval is over: the next share. The previous revision keeps this step's size until the
                // new tasks of the next one are ready.
                before = split;
                k++;
                split = TrafficShiftSchedule.Split(count, schedule.Percents[k]);
                since = IsReady(liveTarget, split.Target) ? input.Now : null;
            }
            step = k;
            stepPercent = schedule.Percents[k];
            // PRE_SCALE_UP hooks hold the first step: the new revision's Deployment waits at 0 tasks.
            targetReplicas = input.Hooks.HoldScaleUp && k == 0 && since is null ? 0 : split.Target;
            inEffect = since is null ? before : split;
            if (since is { } effective && k == schedule.Percents.Count - 1)
            {
                // The last step took effect: the target is the production revision from now on.
                var bake = input.RollingBack ? TimeSpan.Zero : TimeSpan.FromMinutes(Math.Max(0, input.BakeTimeInMinutes));
                annotations[BlueGreenAnnotations.ProductionSince] = Format(effective);
                annotations[BlueGreenAnnotations.BakeDeadline] = Format(effective + bake);
                productionIsTarget = true;
                step = null;
                stepPercent = null;
                stage = null;
            }
            else
            {
                annotations[TrafficShiftAnnotations.ShiftFrom] = production.Metadata.Name!;
                annotations[TrafficShiftAnnotations.Step] = k.ToString(CultureInfo.InvariantCulture);
                if (since is { } stamped)
                {
                    annotations[TrafficShiftAnnotations.StepSince] = Format(stamped);
                    stepDeadline = stamped + schedule.Interval;
                }
                stage = k == 0 && since is null ? LifecycleStages.ScaleUp : LifecycleStages.ProductionTrafficShift;
                foreach (var other in others)
                {
                    if (ReferenceEquals(other, production))
                    {
                        kept.Add(Resize(other, inEffect.Previous, scaled));
                    }
                    else
                    {
                        retired.Add(other);
                    }
                }
            }
        }

        DateTimeOffset? deadline = null;
        if (productionIsTarget)
        {
            deadline = Parse(annotations.GetValueOrDefault(BlueGreenAnnotations.BakeDeadline));
            // POST_PRODUCTION_TRAFFIC_SHIFT hooks keep the previous revision (the way back) past the deadline.
            var baking = (deadline is { } until && until > input.Now) || (input.Hooks.HoldCleanUp && others.Count > 0);
            foreach (var other in others)
            {
                if (baking)
                {
                    // Kept for a quick way back, at 0 tasks: all traffic is on the target.
                    kept.Add(Resize(other, 0, scaled));
                }
                else
                {
                    retired.Add(other);
                }
            }
            stage = others.Count == 0 ? null : baking ? LifecycleStages.BakeTime : LifecycleStages.CleanUp;
            inEffect = (targetReplicas, 0);
            if (!baking)
            {
                deadline = null;
            }
        }

        var selectorBase = built.Spec.Selector?.MatchLabels ?? new Dictionary<string, string>();
        // Between deployments autoScaling applies, to the target's Deployment; during a shift the split sets the sizes.
        var hpa = productionIsTarget && others.Count == 0 ? BlueGreenPlanner.Autoscaler(desired.Hpa, targetName) : null;
        var target = built with
        {
            Metadata = built.Metadata with { Name = targetName, Annotations = Canonical.Map(annotations) },
            Spec = built.Spec with
            {
                // Explicit while the split sets the size; the HPA's between deployments.
                Replicas = hpa is not null ? null : targetReplicas,
                // A reused Deployment keeps its selector (immutable); a new one selects only its revision.
                Selector = liveTarget?.Spec?.Selector ?? new LabelSelector { MatchLabels = Canonical.Map(selectorBase.Concat(targetLabels)) },
            },
        };
        var total = inEffect.Target + inEffect.Previous;
        var next = new[] { stepDeadline, deadline }.Where(t => t is { } at && at > input.Now).Min();
        return new TrafficShiftPlan
        {
            // The production Service as built: it selects every task of the service, of both revisions. The test Service
            // reaches the new revision's tasks only, as under BLUE_GREEN.
            Desired = desired with
            {
                Deployment = target, TestService = BlueGreenPlanner.TestService(desired.Service, input.ServiceName, selectorBase, targetLabels),
                Hpa = hpa, Retired = retired, Scaled = scaled,
            },
            Kept = kept,
            Stage = stage,
            Step = step,
            StepPercent = stepPercent,
            StepDeadline = stepDeadline,
            TargetTrafficPercent = total == 0 ? 100 : (int)Math.Round(100.0 * inEffect.Target / total, MidpointRounding.AwayFromZero),
            TargetTasks = inEffect.Target,
            PreviousTasks = inEffect.Previous,
            ProductionWorkload = productionIsTarget ? targetName : production!.Metadata.Name!,
            BakeDeadline = deadline,
            RequeueAfter = next is { } when ? when - input.Now : null,
        };
    }

    /// <summary>The step's tasks of the target all run its current template and are ready.</summary>
    private static bool IsReady(Deployment? target, int replicas) => BlueGreenPlanner.IsFullyReady(target, replicas);

    /// <summary>The live Deployment as this step sizes it; a scale is applied only when the size differs.</summary>
    private static Deployment Resize(Deployment live, int replicas, List<ScaledDeployment> scaled)
    {
        if (live.Spec is not { } spec || (spec.Replicas ?? 1) == replicas)
        {
            return live;
        }
        scaled.Add(new ScaledDeployment(live.Metadata.Namespace ?? "", live.Metadata.Name!, replicas));
        return live with { Spec = spec with { Replicas = replicas } };
    }

    private static void Copy(Deployment? live, Dictionary<string, string> annotations, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (live?.Metadata.Annotations?.TryGetValue(key, out var value) == true)
            {
                annotations[key] = value;
            }
        }
    }

    private static int? ParseInt(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset? Parse(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) ? time : null;
}
