using System.Globalization;
using EcsBridge.Api.TaskDefinitions;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Build;

/// <summary>ECS healthCheck → exec probes with ECS's timing. The ECS defaults (interval 30, timeout 5, retries 3) are
/// always written because Kubernetes' own defaults differ (10, 1, 3).</summary>
internal static class ProbeBuilder
{
    public const int DefaultInterval = 30;
    public const int DefaultTimeout = 5;
    public const int DefaultRetries = 3;

    /// <summary>Docker's way of disabling a health check (the image's HEALTHCHECK included).</summary>
    public const string Disabled = "NONE";

    public sealed record Probes(Probe? Liveness, Probe? Readiness, Probe? Startup);

    /// <summary>Kubernetes probe numbers that reproduce one ECS health check's timing.</summary>
    /// <param name="UnhealthyAfterSeconds">When Docker marks a container that never passes UNHEALTHY: its checks run
    /// every interval from one interval after start, failures before startPeriod do not count, then
    /// <c>retries</c> consecutive failures.</param>
    /// <param name="ToleratedSeconds">How long ECS lets a container that never passes run before replacing its task:
    /// the scheduler also ignores health during healthCheckGracePeriodSeconds.</param>
    /// <param name="StartupFailureThreshold">Failures the startup probe allows, every interval: Kubernetes' first
    /// probe can come right after the container starts (Docker's comes one interval later), so one more than the
    /// intervals in <paramref name="ToleratedSeconds"/> — the container is never restarted before ECS would act.</param>
    /// <param name="LivenessInitialDelaySeconds">Liveness runs only once the startup probe passed. A container that
    /// passes within the grace period and then fails must still live until the grace ends: liveness probes are
    /// skipped until <c>retries − 1</c> intervals before it, so the last of <c>retries</c> failures lands on it.
    /// Null when there is nothing to skip.</param>
    public sealed record Timing(long UnhealthyAfterSeconds, long ToleratedSeconds, int StartupFailureThreshold, int? LivenessInitialDelaySeconds);

    /// <summary>Pure arithmetic of <see cref="Timing"/>; <paramref name="graceSeconds"/> is the service's
    /// healthCheckGracePeriodSeconds (0 when absent or when the scheduler ignores the container's health).</summary>
    public static Timing Time(int intervalSeconds, int retries, int startPeriodSeconds, int graceSeconds)
    {
        long interval = Math.Max(1, intervalSeconds);
        long counted = Math.Max(1, RolloutMath.CeilDiv(Math.Max(0, startPeriodSeconds), interval));
        var unhealthyAfter = (counted + Math.Max(1, retries) - 1) * interval;
        var tolerated = Math.Max(unhealthyAfter, Math.Max(0, graceSeconds));
        var threshold = RolloutMath.CeilDiv(tolerated, interval) + 1;
        var livenessDelay = (long)graceSeconds - (Math.Max(1, retries) - 1) * interval;
        return new Timing(
            unhealthyAfter,
            tolerated,
            (int)Math.Min(int.MaxValue, threshold),
            livenessDelay > 0 ? (int)Math.Min(int.MaxValue, livenessDelay) : null);
    }

    public static Probes Build(PlannedContainer container, int? healthCheckGracePeriodSeconds, BuildNotes notes)
    {
        var check = container.Definition.HealthCheck;
        if (check is null)
        {
            return new Probes(null, null, null);
        }

        var field = container.Path + ".healthCheck";
        if (check.Command is [Disabled, ..])
        {
            // Kubernetes never runs an image's HEALTHCHECK, so "no probes" is exactly what NONE asks for.
            notes.TaskDefinition(field + ".command", NoteReasons.Adjusted, "NONE disables the health check: no probes are made (Kubernetes never runs an image's HEALTHCHECK)");
            if (container.GatedOnHealth)
            {
                notes.TaskDefinition(field + ".command", NoteReasons.Approximated, "containers wait for this one to be HEALTHY but its health check is NONE; they wait only for it to start");
            }

            return new Probes(null, null, null);
        }

        if (container.Role == ContainerRole.Init)
        {
            notes.TaskDefinition(field, NoteReasons.NotSupported, "init containers cannot have probes; the health check is ignored");
            return new Probes(null, null, null);
        }

        var command = ExecCommand(check.Command, field, notes);
        if (command is null)
        {
            return new Probes(null, null, null);
        }

        var interval = check.Interval ?? DefaultInterval;
        var timeout = check.Timeout ?? DefaultTimeout;
        var retries = check.Retries ?? DefaultRetries;
        var startPeriod = check.StartPeriod ?? 0;

        Probe Make(int failureThreshold, int? initialDelay = null) => new()
        {
            Exec = new ExecAction { Command = command },
            InitialDelaySeconds = initialDelay,
            TimeoutSeconds = timeout,
            PeriodSeconds = interval,
            FailureThreshold = failureThreshold,
        };

        if (!container.Essential)
        {
            // ECS derives task health from essential containers only, and does not replace a task for the health of
            // a non-essential one; its health only matters to the containers that wait for it to be HEALTHY.
            if (!container.GatedOnHealth)
            {
                notes.TaskDefinition(field, NoteReasons.Approximated, "ECS ignores the health of non-essential containers: no probes are made");
                return new Probes(null, null, null);
            }

            var gate = Time(interval, retries, startPeriod, 0);
            notes.TaskDefinition(field, NoteReasons.Approximated, Invariant(
                $"ECS ignores the health of non-essential containers: no liveness or readiness probe; a startup probe gates the containers that wait for it to be HEALTHY, and restarts it after {gate.StartupFailureThreshold} failures {interval} s apart (about {gate.ToleratedSeconds} s) where ECS would leave them waiting"));
            return new Probes(null, null, Make(gate.StartupFailureThreshold));
        }

        var grace = Math.Max(0, healthCheckGracePeriodSeconds ?? 0);
        var timing = Time(interval, retries, startPeriod, grace);
        var threshold = timing.StartupFailureThreshold;
        notes.TaskDefinition(field, NoteReasons.Approximated, Invariant(
            $"Kubernetes restarts an unhealthy container in place (same pod and IP; restartCount grows) where ECS replaces the task. At start, a startup probe allows {threshold} failures {interval} s apart, so a container that never passes is restarted after {(long)(threshold - 1) * interval}-{(long)threshold * interval} s; ECS replaces it after about {timing.ToleratedSeconds} s (startPeriod {startPeriod} s, healthCheckGracePeriodSeconds {grace} s, {retries} retries). Once it passed, {retries} consecutive failures restart it{(grace > 0 ? ", but not before the grace period ends" : "")}"));
        return new Probes(Make(retries, timing.LivenessInitialDelaySeconds), Make(retries), Make(timing.StartupFailureThreshold));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static IReadOnlyList<string>? ExecCommand(IReadOnlyList<string> command, string field, BuildNotes notes)
    {
        if (command.Count >= 2 && command[0] == "CMD-SHELL")
        {
            return ["/bin/sh", "-c", string.Join(' ', command.Skip(1))];
        }

        if (command.Count >= 2 && command[0] == "CMD")
        {
            return command.Skip(1).ToList();
        }

        if (command.Count >= 1 && command[0] is not ("CMD" or "CMD-SHELL"))
        {
            notes.TaskDefinition(field + ".command", NoteReasons.Approximated, "the command starts with neither CMD nor CMD-SHELL; it is run as given");
            return command.ToList();
        }

        notes.TaskDefinition(field + ".command", NoteReasons.Invalid, "the health check has no command; no probes are made");
        return null;
    }
}
