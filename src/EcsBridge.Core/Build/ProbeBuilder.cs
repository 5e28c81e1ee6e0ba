using EcsBridge.Api.TaskDefinitions;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Build;

/// <summary>ECS healthCheck → exec probes. The ECS defaults (interval 30, timeout 5, retries 3) are always written
/// because Kubernetes' own defaults differ (10, 1, 3).</summary>
internal static class ProbeBuilder
{
    public const int DefaultInterval = 30;
    public const int DefaultTimeout = 5;
    public const int DefaultRetries = 3;

    public sealed record Probes(Probe? Liveness, Probe? Readiness, Probe? Startup);

    public static Probes Build(PlannedContainer container, int? healthCheckGracePeriodSeconds, BuildNotes notes)
    {
        var check = container.Definition.HealthCheck;
        if (check is null)
        {
            return new Probes(null, null, null);
        }

        var field = container.Path + ".healthCheck";
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

        Probe? startup = null;
        if (startPeriod > 0)
        {
            startup = Make(RolloutMath.StartupFailureThreshold(startPeriod, interval));
        }
        else if (container.GatedOnHealth)
        {
            // Kubernetes starts the next container only once a sidecar's startup probe succeeds: that is HEALTHY.
            startup = Make(retries);
        }

        if (!container.Essential)
        {
            // ECS derives task health from essential containers only, and does not replace a task for the health of
            // a non-essential one.
            notes.TaskDefinition(field, NoteReasons.Approximated, container.GatedOnHealth
                ? "ECS ignores the health of non-essential containers: no liveness or readiness probe; a startup probe gates the containers that wait for it to be HEALTHY"
                : "ECS ignores the health of non-essential containers: no probes are made");
            return new Probes(null, null, container.GatedOnHealth ? startup : null);
        }

        var grace = healthCheckGracePeriodSeconds is > 0 ? healthCheckGracePeriodSeconds : null;
        return new Probes(Make(retries, grace), Make(retries), startup);
    }

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
