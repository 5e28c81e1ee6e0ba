using EcsBridge.Api.TaskDefinitions;
using EcsBridge.Core.Build;

namespace EcsBridge.UnitTests.Build;

/// <summary>Issue 15 items 1–2: NONE disables the health check, and the probes keep ECS's timing (startPeriod,
/// retries and the service's healthCheckGracePeriodSeconds). Every expected number is worked out by hand in the
/// comment next to it: Docker checks at interval, 2·interval, …; a failure before startPeriod does not count;
/// <c>retries</c> counted failures make the container UNHEALTHY; the scheduler acts no earlier than the grace.</summary>
public sealed class ProbeBuilderTests
{
    // interval, retries, startPeriod, grace → UNHEALTHY at, tolerated, startup failureThreshold, liveness initialDelay (0 = none)
    [Theory]
    // The case. Checks at 10 (in startPeriod), 20, 30, 40 → UNHEALTHY at 40; the scheduler waits for the
    // grace: 300. Startup: 300/10 = 30 intervals, +1 for a first probe at start → 31. Liveness: 300 − 2·10 = 280.
    [InlineData(10, 3, 20, 300, 40, 300, 31, 280)]
    // Same without grace: tolerated 40 → 4 + 1 = 5 failures; nothing to skip for liveness (0 − 20 < 0).
    [InlineData(10, 3, 20, 0, 40, 40, 5, 0)]
    // ECS defaults, no startPeriod: checks at 30, 60, 90 → 90; 3 + 1 = 4.
    [InlineData(30, 3, 0, 0, 90, 90, 4, 0)]
    // Defaults with a 90 s grace: UNHEALTHY at 90 = grace → 4; liveness 90 − 2·30 = 30.
    [InlineData(30, 3, 0, 90, 90, 90, 4, 30)]
    // startPeriod 61, interval 20: checks at 20, 40, 60 are inside it; 80, 100, 120, 140, 160 count → 160.
    // 160/20 = 8 → 9; grace 90 < 160 but liveness still waits for it: 90 − 4·20 = 10.
    [InlineData(20, 5, 61, 90, 160, 160, 9, 10)]
    // Uneven: interval 7, startPeriod 10 → checks at 7 (inside), 14, 21 → 21; grace 45 → ceil(45/7) = 7 → 8;
    // liveness 45 − 7 = 38.
    [InlineData(7, 2, 10, 45, 21, 45, 8, 38)]
    // startPeriod shorter than one interval changes nothing: the first check at 10 already counts → 10; 1 + 1 = 2.
    [InlineData(10, 1, 5, 0, 10, 10, 2, 0)]
    // The node test's slow starter: interval 5, retries 2, startPeriod 5 → checks at 5, 10 → 10; grace 40 → 8 + 1
    // = 9 (45 s of failures); liveness 40 − 5 = 35.
    [InlineData(5, 2, 5, 40, 10, 40, 9, 35)]
    // ECS's largest grace: ceil(2147483647/5) = 429496730 → 429496731; liveness 2147483647 − 9·5 = 2147483602.
    [InlineData(5, 10, 0, int.MaxValue, 50, int.MaxValue, 429496731, 2147483602)]
    public void Timing_follows_ECS(int interval, int retries, int startPeriod, int grace,
        long unhealthyAfter, long tolerated, int startupThreshold, int livenessDelay)
    {
        var timing = ProbeBuilder.Time(interval, retries, startPeriod, grace);

        timing.UnhealthyAfterSeconds.ShouldBe(unhealthyAfter);
        timing.ToleratedSeconds.ShouldBe(tolerated);
        timing.StartupFailureThreshold.ShouldBe(startupThreshold);
        timing.LivenessInitialDelaySeconds.ShouldBe(livenessDelay == 0 ? null : livenessDelay);
    }

    [Fact]
    public void A_slow_starter_within_the_grace_period_gets_probes_that_wait_for_it()
    {
        var notes = new BuildNotes();
        var container = Planned(new HealthCheck { Command = ["CMD-SHELL", "curl -f localhost/health"], Interval = 10, Retries = 3, StartPeriod = 20 });

        var probes = ProbeBuilder.Build(container, healthCheckGracePeriodSeconds: 300, notes);

        // Before: failureThreshold ceil(20/10) = 2 and no grace, a restart at about 20 s.
        probes.Startup.ShouldNotBeNull();
        probes.Startup.PeriodSeconds.ShouldBe(10);
        probes.Startup.FailureThreshold.ShouldBe(31);
        probes.Startup.InitialDelaySeconds.ShouldBeNull();
        probes.Startup.Exec!.Command.ShouldBe(["/bin/sh", "-c", "curl -f localhost/health"]);
        probes.Liveness.ShouldNotBeNull();
        probes.Liveness.FailureThreshold.ShouldBe(3);
        probes.Liveness.PeriodSeconds.ShouldBe(10);
        probes.Liveness.InitialDelaySeconds.ShouldBe(280);
        probes.Readiness.ShouldNotBeNull();
        probes.Readiness.FailureThreshold.ShouldBe(3);
        probes.Readiness.InitialDelaySeconds.ShouldBeNull();
        probes.Readiness.TimeoutSeconds.ShouldBe(5);

        var note = notes.All.ShouldHaveSingleItem();
        note.Field.ShouldBe("taskDefinition.containerDefinitions[0].healthCheck");
        note.Reason.ShouldBe(NoteReasons.Approximated);
        note.Message.ShouldContain("restarts an unhealthy container in place");
        note.Message.ShouldContain("restarted after 300-310 s");
        note.Message.ShouldContain("about 300 s");
        note.Message.ShouldContain("not before the grace period ends");
    }

    [Fact]
    public void NONE_disables_the_health_check_with_a_note()
    {
        var notes = new BuildNotes();
        var container = Planned(new HealthCheck { Command = ["NONE"], Interval = 10, StartPeriod = 20 });

        var probes = ProbeBuilder.Build(container, healthCheckGracePeriodSeconds: 60, notes);

        probes.ShouldBe(new ProbeBuilder.Probes(null, null, null));
        var note = notes.All.ShouldHaveSingleItem();
        note.Field.ShouldBe("taskDefinition.containerDefinitions[0].healthCheck.command");
        note.Reason.ShouldBe(NoteReasons.Adjusted);
        note.Message.ShouldContain("NONE disables the health check");
    }

    [Fact]
    public void NONE_on_a_container_others_wait_for_to_be_HEALTHY_says_they_wait_only_for_it_to_start()
    {
        var notes = new BuildNotes();
        var container = Planned(new HealthCheck { Command = ["NONE"] }, essential: false, role: ContainerRole.Sidecar, gated: true);

        ProbeBuilder.Build(container, healthCheckGracePeriodSeconds: null, notes).ShouldBe(new ProbeBuilder.Probes(null, null, null));

        notes.All.Select(n => n.Reason).ShouldBe([NoteReasons.Adjusted, NoteReasons.Approximated]);
        notes.All[1].Message.ShouldContain("wait only for it to start");
    }

    [Fact]
    public void NONE_on_an_init_container_is_not_reported_as_an_ignored_check()
    {
        var notes = new BuildNotes();
        var container = Planned(new HealthCheck { Command = ["NONE"] }, essential: false, role: ContainerRole.Init);

        ProbeBuilder.Build(container, healthCheckGracePeriodSeconds: null, notes).ShouldBe(new ProbeBuilder.Probes(null, null, null));

        notes.All.ShouldHaveSingleItem().Reason.ShouldBe(NoteReasons.Adjusted);
    }

    [Fact]
    public void A_gated_non_essential_sidecar_gets_only_a_startup_probe_that_ignores_the_service_grace()
    {
        var notes = new BuildNotes();
        var container = Planned(new HealthCheck { Command = ["CMD", "/bin/ready"], Interval = 5, Retries = 4, StartPeriod = 12 },
            essential: false, role: ContainerRole.Sidecar, gated: true);

        var probes = ProbeBuilder.Build(container, healthCheckGracePeriodSeconds: 600, notes);

        // Checks at 5, 10 inside startPeriod 12; 15, 20, 25, 30 count → 30 s; 30/5 = 6 → 7. The grace is the
        // scheduler's, which ignores non-essential containers.
        probes.Liveness.ShouldBeNull();
        probes.Readiness.ShouldBeNull();
        probes.Startup.ShouldNotBeNull();
        probes.Startup.FailureThreshold.ShouldBe(7);
        probes.Startup.PeriodSeconds.ShouldBe(5);
        probes.Startup.Exec!.Command.ShouldBe(["/bin/ready"]);
        notes.All.ShouldHaveSingleItem().Message.ShouldContain("restarts it after 7 failures 5 s apart (about 30 s)");
    }

    private static PlannedContainer Planned(HealthCheck check, bool essential = true, ContainerRole role = ContainerRole.Regular, bool gated = false) =>
        new(0, new ContainerDefinition { Name = "app", Image = "app:1", Essential = essential, HealthCheck = check }, "app", role, gated);
}
