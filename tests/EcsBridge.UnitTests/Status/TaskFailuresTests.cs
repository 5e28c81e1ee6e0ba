using EcsBridge.Core.Status;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.UnitTests.Status;

/// <summary>ECS's failure threshold and what counts as a failed task, read from pod status the way the kubelet writes it.</summary>
public sealed class TaskFailuresTests
{
    // ECS: 0.5 × desired count, rounded up, at least 3 and at most 200 (AWS ECS Developer Guide, "How the Amazon ECS
    // deployment circuit breaker detects failures"; ServiceDeploymentCircuitBreaker.threshold in the API reference).
    [Theory]
    [InlineData(0, 3)]
    [InlineData(1, 3)]
    [InlineData(2, 3)]
    [InlineData(6, 3)]
    [InlineData(7, 4)]
    [InlineData(10, 5)]
    [InlineData(11, 6)]
    [InlineData(399, 200)]
    [InlineData(400, 200)]
    [InlineData(1000, 200)]
    public void The_threshold_is_half_the_desired_count_rounded_up_between_3_and_200(int desired, int threshold) =>
        TaskFailures.Threshold(desired).ShouldBe(threshold);

    [Fact]
    public void Each_restart_of_a_crash_looping_container_is_one_failed_task()
    {
        // CrashLoopBackOff after the second exit: two stopped tasks, the third waiting to start.
        TaskFailures.OfPod(MakePod(Container("app", restarts: 2, waiting: "CrashLoopBackOff"))).ShouldBe(2);
    }

    [Fact]
    public void A_container_lying_terminated_counts_before_the_kubelet_restarts_it()
    {
        TaskFailures.OfPod(MakePod(Container("app", restarts: 0, exitCode: 1))).ShouldBe(1);
        TaskFailures.OfPod(MakePod(Container("app", restarts: 2, exitCode: 1))).ShouldBe(3);
        // An essential container that exits 0 stops an ECS task just the same.
        TaskFailures.OfPod(MakePod(Container("app", restarts: 0, exitCode: 0))).ShouldBe(1);
    }

    [Fact]
    public void A_ready_task_counts_nothing_whatever_it_went_through()
    {
        TaskFailures.OfPod(MakePod(ready: true, containers: [Container("app", restarts: 5)])).ShouldBe(0);
    }

    [Fact]
    public void A_task_being_stopped_on_purpose_counts_nothing()
    {
        var deleting = MakePod(Container("app", restarts: 0, exitCode: 143)) with
        {
            Metadata = new ObjectMeta { Name = "web-1", Namespace = "apps", DeletionTimestamp = DateTimeOffset.UnixEpoch },
        };
        TaskFailures.OfPod(deleting).ShouldBe(0);
    }

    [Fact]
    public void A_running_or_starting_task_without_restarts_counts_nothing()
    {
        TaskFailures.OfPod(MakePod(Container("app", restarts: 0))).ShouldBe(0);
        TaskFailures.OfPod(MakePod(Container("app", restarts: 0, waiting: "ContainerCreating"))).ShouldBe(0);
        TaskFailures.OfPod(new Pod { Metadata = new ObjectMeta { Name = "web-1" }, Status = new PodStatus { Phase = "Pending" } }).ShouldBe(0);
    }

    [Fact]
    public void A_failed_pod_is_at_least_one_failed_task()
    {
        TaskFailures.OfPod(new Pod { Metadata = new ObjectMeta { Name = "web-1" }, Status = new PodStatus { Phase = "Failed", Reason = "Evicted" } }).ShouldBe(1);
        var crashed = MakePod(Container("app", restarts: 3, exitCode: 1));
        TaskFailures.OfPod(crashed with { Status = crashed.Status! with { Phase = "Failed" } }).ShouldBe(4);
    }

    [Fact]
    public void An_init_container_counts_its_failures_but_not_its_success()
    {
        TaskFailures.OfPod(MakePod(init: [Container("migrate", restarts: 0, exitCode: 0)], containers: [Container("app", restarts: 0, waiting: "PodInitializing")]))
            .ShouldBe(0);
        TaskFailures.OfPod(MakePod(init: [Container("migrate", restarts: 0, exitCode: 1)], containers: [])).ShouldBe(1);
        TaskFailures.OfPod(MakePod(init: [Container("migrate", restarts: 2, waiting: "CrashLoopBackOff")], containers: [])).ShouldBe(2);
    }

    [Fact]
    public void Only_essential_containers_count_when_the_task_definition_says_which()
    {
        var pod = MakePod(Container("app", restarts: 1), Container("log-shipper", restarts: 4, waiting: "CrashLoopBackOff"));
        TaskFailures.OfPod(pod, new HashSet<string>(StringComparer.Ordinal) { "app" }).ShouldBe(1);
        TaskFailures.OfPod(pod).ShouldBe(5);
    }

    [Fact]
    public void A_deployment_counts_the_pods_of_its_own_revision_and_service_only()
    {
        Pod Labelled(string service, string family, string revision, int restarts) => MakePod(Container("app", restarts: restarts, waiting: "CrashLoopBackOff")) with
        {
            Metadata = new ObjectMeta
            {
                Name = $"{service}-{revision}-{restarts}",
                Namespace = "apps",
                Labels = new Dictionary<string, string>
                {
                    ["app.kubernetes.io/name"] = service, ["ecsbridge.io/service"] = service,
                    ["ecsbridge.io/task-definition"] = family, ["ecsbridge.io/revision"] = revision,
                },
            },
        };
        Pod[] pods = [Labelled("web", "web", "2", 2), Labelled("web", "web", "2", 1), Labelled("web", "web", "1", 7), Labelled("api", "web", "2", 9), Labelled("web", "other", "2", 11)];

        TaskFailures.OfDeployment(pods, "web", "web:2").ShouldBe(3);
        TaskFailures.OfDeployment(pods, "web", "web:1").ShouldBe(7);
        TaskFailures.OfDeployment(pods, "web", "web:3").ShouldBe(0);
    }

    internal static ContainerStatus Container(string name, int restarts, int? exitCode = null, string? waiting = null) => new()
    {
        Name = name,
        RestartCount = restarts,
        State = exitCode is { } code
            ? new ContainerState { Terminated = new ContainerStateTerminated { ExitCode = code, Reason = code == 0 ? "Completed" : "Error" } }
            : waiting is not null
                ? new ContainerState { Waiting = new ContainerStateWaiting { Reason = waiting } }
                : new ContainerState { Running = new ContainerStateRunning { StartedAt = DateTimeOffset.UnixEpoch } },
        LastState = restarts > 0 ? new ContainerState { Terminated = new ContainerStateTerminated { ExitCode = 1, Reason = "Error" } } : null,
    };

    private static Pod MakePod(params ContainerStatus[] containers) => MakePod(ready: false, containers: containers);

    internal static Pod MakePod(bool ready = false, IReadOnlyList<ContainerStatus>? containers = null, IReadOnlyList<ContainerStatus>? init = null) => new()
    {
        Metadata = new ObjectMeta { Name = "web-1", Namespace = "apps" },
        Status = new PodStatus
        {
            Phase = "Running",
            Conditions = [new WorkloadCondition { Type = "Ready", Status = ready ? "True" : "False" }],
            InitContainerStatuses = init,
            ContainerStatuses = containers,
        },
    };
}
