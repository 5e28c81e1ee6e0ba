using EcsBridge.Api;
using EcsBridge.Api.TaskDefinitions;
using EcsBridge.Api.Tasks;
using EcsBridge.Core.Build;
using EcsBridge.Core.Status;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.UnitTests.Status;

/// <summary>An EcsTask's status from its pods as the kubelet reports them, in describe-tasks' terms: the essential
/// containers' exits decide the task (ECS stops a task when an essential container exits; it succeeded when they all
/// exited 0).</summary>
public sealed class TaskStatusCalculatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Created = Now.AddMinutes(-2);
    private static readonly DateTimeOffset Started = Now.AddMinutes(-1);
    private static readonly DateTimeOffset Finished = Now.AddSeconds(-30);

    private static readonly ResolvedTaskDefinition Revision = new("app", 1, new EcsTaskDefinitionSpec
    {
        ContainerDefinitions =
        [
            new ContainerDefinition { Name = "main", Image = "app:1" },
            new ContainerDefinition { Name = "side_car", Image = "side:1", Essential = false },
        ],
    });

    private static EcsTask Task(int count = 1, EcsTaskStatus? status = null) => new()
    {
        Metadata = new ObjectMeta { Name = "job", Namespace = "ns", Uid = "u", Generation = 1 },
        Spec = new EcsTaskSpec { TaskDefinition = "app", Count = count },
        Status = status,
    };

    private static ContainerStatus Running(string name) => new() { Name = name, State = new ContainerState { Running = new ContainerStateRunning { StartedAt = Started } } };

    private static ContainerStatus Exited(string name, int code, string? reason = null) => new()
    {
        Name = name,
        State = new ContainerState { Terminated = new ContainerStateTerminated { ExitCode = code, Reason = reason, StartedAt = Started, FinishedAt = Finished } },
    };

    private static ContainerStatus Waiting(string name, string reason) => new() { Name = name, State = new ContainerState { Waiting = new ContainerStateWaiting { Reason = reason } } };

    private static Pod Pod(string name, string phase, bool scheduled, params ContainerStatus[] containers) => new()
    {
        Metadata = new ObjectMeta { Name = name, Uid = name + "-uid", CreationTimestamp = Created },
        Status = new PodStatus
        {
            Phase = phase,
            Conditions = scheduled ? [new WorkloadCondition { Type = "PodScheduled", Status = "True" }] : null,
            ContainerStatuses = containers,
        },
    };

    private static EcsTaskStatus Compute(EcsTask task, params Pod[] pods) => TaskStatusCalculator.Compute(new TaskStatusInput
    {
        Task = task,
        TaskDefinition = Revision.Reference,
        Built = TaskPodBuilder.Build(task, Revision),
        Pods = pods.ToDictionary(p => p.Metadata.Name!),
        Now = Now,
    });

    private static string? ConditionStatus(EcsTaskStatus status, string type) => status.Conditions!.Single(c => c.Type == type).Status;

    [Fact]
    public void A_pod_not_made_or_not_scheduled_is_PROVISIONING_then_PENDING_then_RUNNING()
    {
        var notMade = Compute(Task());
        (notMade.LastStatus, notMade.DesiredStatus).ShouldBe((TaskStatuses.Provisioning, TaskStatuses.Running));
        ConditionStatus(notMade, ConditionTypes.Ready).ShouldBe("False");

        Compute(Task(), Pod("job-1", "Pending", false)).LastStatus.ShouldBe(TaskStatuses.Provisioning);
        var pulling = Compute(Task(), Pod("job-1", "Pending", true, Waiting("main", "ImagePullBackOff"), Waiting("side-car", "ContainerCreating")));
        pulling.LastStatus.ShouldBe(TaskStatuses.Pending);
        pulling.Tasks![0].Containers!.Select(c => (c.Name, c.LastStatus, c.Reason)).ShouldBe(
            [("main", TaskStatuses.Pending, "ImagePullBackOff"), ("side_car", TaskStatuses.Pending, null)]);

        var running = Compute(Task(), Pod("job-1", "Running", true, Running("main"), Running("side-car")));
        (running.LastStatus, running.StartedAt, running.Tasks![0].CreatedAt).ShouldBe((TaskStatuses.Running, Started, Created));
        ConditionStatus(running, ConditionTypes.Ready).ShouldBe("True");
        ConditionStatus(running, ConditionTypes.Succeeded).ShouldBe("False");
        ConditionStatus(running, ConditionTypes.Failed).ShouldBe("False");
    }

    [Fact]
    public void Essential_containers_exiting_0_stop_the_task_as_succeeded()
    {
        var status = Compute(Task(), Pod("job-1", "Succeeded", true, Exited("main", 0, "Completed"), Exited("side-car", 0, "Completed")));

        (status.LastStatus, status.DesiredStatus, status.StopCode, status.StoppedReason).ShouldBe(
            (TaskStatuses.Stopped, TaskStatuses.Stopped, StopCodes.EssentialContainerExited, "Essential container in task exited"));
        status.StoppedAt.ShouldBe(Finished);
        status.Tasks![0].Containers!.Select(c => (c.Name, c.LastStatus, c.ExitCode, c.Essential)).ShouldBe(
            [("main", TaskStatuses.Stopped, (int?)0, (bool?)true), ("side_car", TaskStatuses.Stopped, (int?)0, (bool?)false)]);
        ConditionStatus(status, ConditionTypes.Succeeded).ShouldBe("True");
        ConditionStatus(status, ConditionTypes.Failed).ShouldBe("False");
        ConditionStatus(status, ConditionTypes.Ready).ShouldBe("True");
        status.TaskDefinition.ShouldBe("app:1");
        status.Group.ShouldBe("family:app");
    }

    [Fact]
    public void A_container_the_kubelet_never_started_is_STOPPED_with_its_task()
    {
        var status = Compute(Task(), Pod("job-1", "Succeeded", true, Exited("main", 0, "Completed"), Waiting("side-car", "ContainerCreating")));

        status.LastStatus.ShouldBe(TaskStatuses.Stopped);
        status.Tasks![0].Containers!.Select(c => (c.Name, c.LastStatus, c.ExitCode)).ShouldBe(
            [("main", TaskStatuses.Stopped, (int?)0), ("side_car", TaskStatuses.Stopped, (int?)null)]);
    }

    [Fact]
    public void An_essential_container_exiting_non_zero_fails_the_task_but_a_non_essential_one_does_not()
    {
        var failed = Compute(Task(), Pod("job-1", "Failed", true, Exited("main", 3, "Error"), Exited("side-car", 0)));
        failed.StopCode.ShouldBe(StopCodes.EssentialContainerExited);
        failed.Tasks![0].Containers![0].ExitCode.ShouldBe(3);
        ConditionStatus(failed, ConditionTypes.Failed).ShouldBe("True");
        failed.Conditions!.Single(c => c.Type == ConditionTypes.Failed).Message!.ShouldContain("main exit code 3");
        ConditionStatus(failed, ConditionTypes.Succeeded).ShouldBe("False");
        ConditionStatus(failed, ConditionTypes.Ready).ShouldBe("False");

        var sidecarFailed = Compute(Task(), Pod("job-1", "Failed", true, Exited("main", 0), Exited("side-car", 9)));
        ConditionStatus(sidecarFailed, ConditionTypes.Succeeded).ShouldBe("True");

        var oom = Compute(Task(), Pod("job-1", "Failed", true, Exited("main", 137, "OOMKilled"), Exited("side-car", 0)));
        oom.Tasks![0].Containers![0].Reason.ShouldBe("OutOfMemoryError: Container killed due to memory usage");
    }

    [Fact]
    public void An_essential_exit_while_others_run_is_desired_STOPPED_until_the_pod_is_gone()
    {
        var stopping = Compute(Task(), Pod("job-1", "Running", true, Exited("main", 0), Running("side-car")));
        var task = stopping.Tasks![0];
        (task.LastStatus, task.DesiredStatus, task.StopCode).ShouldBe((TaskStatuses.Running, TaskStatuses.Stopped, StopCodes.EssentialContainerExited));

        // The reconcile deletes the pod; once it is gone the task is STOPPED with the code decided before.
        var gone = TaskStatusCalculator.Compute(new TaskStatusInput
        {
            Task = Task(status: stopping),
            TaskDefinition = "app:1",
            Built = TaskPodBuilder.Build(Task(), Revision),
            Vanished = new HashSet<string> { "job-1" },
            Now = Now,
        });
        (gone.LastStatus, gone.StopCode, gone.StoppedAt).ShouldBe((TaskStatuses.Stopped, StopCodes.EssentialContainerExited, Now));
        gone.Tasks![0].Containers!.Select(c => (c.LastStatus, c.ExitCode)).ShouldBe([(TaskStatuses.Stopped, (int?)0), (TaskStatuses.Stopped, (int?)null)]);
        ConditionStatus(gone, ConditionTypes.Succeeded).ShouldBe("True");
    }

    [Fact]
    public void A_pod_deleted_before_it_finished_is_a_task_stopped_by_the_user_and_stays_stopped()
    {
        var running = Compute(Task(), Pod("job-1", "Running", true, Running("main"), Running("side-car")));
        var gone = TaskStatusCalculator.Compute(new TaskStatusInput
        {
            Task = Task(status: running), TaskDefinition = "app:1", Built = TaskPodBuilder.Build(Task(), Revision),
            Vanished = new HashSet<string> { "job-1" }, Now = Now,
        });
        (gone.LastStatus, gone.StopCode, gone.StoppedReason).ShouldBe((TaskStatuses.Stopped, StopCodes.UserInitiated, TaskStatusCalculator.PodDeletedReason));
        ConditionStatus(gone, ConditionTypes.Failed).ShouldBe("True");

        // STOPPED is final: a later look (a pod of the name, another clock) changes nothing.
        var later = TaskStatusCalculator.Compute(new TaskStatusInput
        {
            Task = Task(status: gone), TaskDefinition = "app:1", Built = TaskPodBuilder.Build(Task(), Revision),
            Pods = new Dictionary<string, Pod> { ["job-1"] = Pod("job-1", "Running", true, Running("main")) }, Now = Now.AddHours(1),
        });
        later.Tasks.ShouldBe(gone.Tasks);
        later.StoppedAt.ShouldBe(Now);
    }

    [Fact]
    public void Several_tasks_are_STOPPED_only_when_all_stopped_and_the_first_failure_names_the_stop()
    {
        var oneRunning = Compute(Task(count: 2), Pod("job-1", "Succeeded", true, Exited("main", 0), Exited("side-car", 0)), Pod("job-2", "Running", true, Running("main"), Running("side-car")));
        (oneRunning.LastStatus, oneRunning.DesiredStatus, oneRunning.StopCode).ShouldBe((TaskStatuses.Running, TaskStatuses.Running, null));
        ConditionStatus(oneRunning, ConditionTypes.Ready).ShouldBe("True");
        ConditionStatus(oneRunning, ConditionTypes.Succeeded).ShouldBe("False");

        var pending = Compute(Task(count: 2), Pod("job-1", "Running", true, Running("main"), Running("side-car")));
        pending.LastStatus.ShouldBe(TaskStatuses.Provisioning, "the least advanced task");

        var done = Compute(Task(count: 2), Pod("job-1", "Succeeded", true, Exited("main", 0), Exited("side-car", 0)), Pod("job-2", "Failed", true, Exited("main", 2), Exited("side-car", 0)));
        (done.LastStatus, done.StopCode).ShouldBe((TaskStatuses.Stopped, StopCodes.EssentialContainerExited));
        done.Tasks!.Select(t => t.Pod).ShouldBe(["job-1", "job-2"]);
        done.Conditions!.Single(c => c.Type == ConditionTypes.Failed).Message!.ShouldContain("job-2");
        ConditionStatus(done, ConditionTypes.Succeeded).ShouldBe("False");
    }

    [Fact]
    public void A_pod_that_failed_without_running_a_container_failed_to_start_and_an_evicted_one_got_a_termination_notice()
    {
        var notStarted = Compute(Task(), Pod("job-1", "Failed", true, Waiting("main", "CreateContainerConfigError")));
        notStarted.StopCode.ShouldBe(StopCodes.TaskFailedToStart);

        var evicted = Compute(Task(), Pod("job-1", "Failed", true, Running("main")) with { Status = new PodStatus { Phase = "Failed", Reason = "Evicted" } });
        evicted.StopCode.ShouldBe(StopCodes.TerminationNotice);
    }

    [Fact]
    public void A_problem_fails_the_task_with_its_reason()
    {
        var status = TaskStatusCalculator.Compute(new TaskStatusInput
        {
            Task = Task(),
            Problem = new ServiceProblem(ConditionReasons.TaskDefinitionNotFound, "EcsTaskDefinition \"app\" does not exist"),
            Now = Now,
        });

        status.Conditions!.Select(c => (c.Type, c.Status, c.Reason)).ShouldBe(
        [
            (ConditionTypes.Ready, "False", ConditionReasons.TaskDefinitionNotFound),
            (ConditionTypes.Succeeded, "False", ConditionReasons.TaskDefinitionNotFound),
            (ConditionTypes.Failed, "True", ConditionReasons.TaskDefinitionNotFound),
        ]);
        status.Tasks.ShouldBeNull();
        status.LastStatus.ShouldBeNull();
    }

    [Fact]
    public void A_stop_request_stops_the_task_as_UserInitiated_with_its_reason_even_when_the_kill_ends_the_containers()
    {
        var task = Task() with { Spec = Task().Spec with { StopRequests = [new TaskStopRequest { Task = "job-1", Reason = "cancelled by CI" }] } };
        var stopping = Compute(task, Pod("job-1", "Running", true, Running("main"), Running("side-car")));
        (stopping.Tasks![0].LastStatus, stopping.Tasks[0].DesiredStatus, stopping.Tasks[0].StopCode, stopping.Tasks[0].StoppedReason)
            .ShouldBe((TaskStatuses.Running, TaskStatuses.Stopped, StopCodes.UserInitiated, "cancelled by CI"));
        stopping.DesiredStatus.ShouldBe(TaskStatuses.Stopped);

        // SIGTERM ends the essential container with 143: the task still stopped because it was asked to.
        var killed = Compute(task, Pod("job-1", "Failed", true, Exited("main", 143, "Error"), Exited("side-car", 143, "Error")));
        (killed.LastStatus, killed.StopCode, killed.StoppedReason).ShouldBe((TaskStatuses.Stopped, StopCodes.UserInitiated, "cancelled by CI"));
        killed.Tasks![0].Containers![0].ExitCode.ShouldBe(143);
    }

    [Fact]
    public void A_task_stopped_before_its_pod_was_made_is_STOPPED_with_the_default_reason()
    {
        var task = Task() with { Spec = Task().Spec with { StopRequests = [new TaskStopRequest { Task = "job-1" }] } };
        var status = TaskStatusCalculator.Compute(new TaskStatusInput
        {
            Task = task,
            TaskDefinition = Revision.Reference,
            Built = TaskPodBuilder.Build(task, Revision),
            Vanished = new HashSet<string> { "job-1" },
            Now = Now,
        });
        (status.LastStatus, status.StopCode, status.StoppedReason, status.StoppedAt).ShouldBe(
            (TaskStatuses.Stopped, StopCodes.UserInitiated, TaskStatusCalculator.StoppedByUserReason, (DateTimeOffset?)Now));
    }
}
