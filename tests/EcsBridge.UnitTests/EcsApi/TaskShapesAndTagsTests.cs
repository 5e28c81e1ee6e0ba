using EcsBridge.Api;
using EcsBridge.Api.Tasks;
using EcsBridge.EcsApi;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;
using Shouldly;

namespace EcsBridge.UnitTests.EcsApi;

/// <summary>The pure parts of the task and tag operations: task ARNs and ids, the Task shape of a one-off task and of
/// a service's pod, and ECS's tag rules.</summary>
public sealed class TaskShapesAndTagsTests
{
    private static readonly EcsArns Arns = new("eu-west-1", "123456789012");
    private static readonly DateTimeOffset Created = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("job-abc-1", "job-abc-1", null)]
    [InlineData("arn:aws:ecs:eu-west-1:123456789012:task/prod/job-abc-2", "job-abc-2", "prod")]
    [InlineData("arn:aws:ecs:eu-west-1:123456789012:task/job-abc-3", "job-abc-3", null)]
    public void Task_parameters_read_back_to_the_id_and_the_cluster_the_arn_names(string value, string id, string? cluster) =>
        EcsArns.ParseTask(value).ShouldBe((id, cluster));

    [Theory]
    [InlineData("")]
    [InlineData("arn:aws:ecs:eu-west-1:123456789012:service/prod/web")]
    [InlineData("arn:aws:ecs:eu-west-1:123456789012:task/a/b/c")]
    [InlineData("a/b")]
    public void Anything_else_is_no_task(string value) => EcsArns.ParseTask(value).ShouldBeNull();

    [Fact]
    public void Resource_arns_name_their_kind_task_definition_before_task()
    {
        EcsArns.ParseResource("arn:aws:ecs:eu-west-1:1:task-definition/web:3").ShouldBe(("task-definition", "web:3"));
        EcsArns.ParseResource("arn:aws:ecs:eu-west-1:1:task/prod/web-1").ShouldBe(("task", "prod/web-1"));
        EcsArns.ParseResource("arn:aws:ecs:eu-west-1:1:cluster/prod").ShouldBe(("cluster", "prod"));
        EcsArns.ParseResource("arn:aws:s3:::bucket").ShouldBeNull();
        Arns.Task("prod", "web-1").ShouldBe("arn:aws:ecs:eu-west-1:123456789012:task/prod/web-1");
    }

    [Theory]
    [InlineData("migrate-0a1b2c3d4e5f-1", "migrate-0a1b2c3d4e5f")]
    [InlineData("job-10", "job")]
    [InlineData("web-7d9f8c-x2k4q", null)]
    [InlineData("job-", null)]
    [InlineData("12", null)]
    public void A_one_off_task_id_is_its_EcsTask_name_and_a_number(string id, string? name) =>
        TaskShapeMapper.OneOffName(id).ShouldBe(name);

    [Fact]
    public void A_one_off_task_before_its_reconcile_is_PROVISIONING_with_the_ids_its_pods_will_have()
    {
        var task = new EcsTask
        {
            Metadata = new ObjectMeta { Name = "job-ab12", Namespace = "prod", Generation = 1, CreationTimestamp = Created },
            Spec = new EcsTaskSpec { TaskDefinition = "job:2", Count = 2, StartedBy = "ci", Tags = [new ResourceTag { Key = "team", Value = "a" }] },
        };
        TaskShapeMapper.TaskIds(task).ShouldBe(["job-ab12-1", "job-ab12-2"]);
        var shape = TaskShapeMapper.FromOneOff(Arns, "prod", task, "job-ab12-2", "arn:td");
        shape.TaskArn.ShouldBe("arn:aws:ecs:eu-west-1:123456789012:task/prod/job-ab12-2");
        shape.ClusterArn.ShouldBe("arn:aws:ecs:eu-west-1:123456789012:cluster/prod");
        (shape.LastStatus, shape.DesiredStatus, shape.StartedBy, shape.Group, shape.LaunchType).ShouldBe(("PROVISIONING", "RUNNING", "ci", "family:job", "EC2"));
        shape.CreatedAt.ShouldBe(Created.ToUnixTimeMilliseconds() / 1000.0);
        shape.Containers.ShouldBeEmpty();
        shape.Tags!.Single().Key.ShouldBe("team");
        shape.Overrides!["containerOverrides"]!.AsArray().Count.ShouldBe(0);
    }

    [Fact]
    public void A_stop_request_makes_a_running_one_off_task_desired_STOPPED_with_its_reason_at_once()
    {
        var task = new EcsTask
        {
            Metadata = new ObjectMeta { Name = "job", Namespace = "prod" },
            Spec = new EcsTaskSpec { TaskDefinition = "job", StopRequests = [new TaskStopRequest { Task = "job-1", Reason = "deploy cancelled" }] },
            Status = new EcsTaskStatus
            {
                Group = "family:job",
                Tasks =
                [
                    new RunningTask
                    {
                        Pod = "job-1", LastStatus = "RUNNING", DesiredStatus = "RUNNING",
                        Containers = [new TaskContainer { Name = "main_app", LastStatus = "RUNNING" }],
                    },
                ],
            },
        };
        var shape = TaskShapeMapper.FromOneOff(Arns, "prod", task, "job-1", null);
        (shape.LastStatus, shape.DesiredStatus, shape.StopCode, shape.StoppedReason).ShouldBe(("RUNNING", "STOPPED", "UserInitiated", "deploy cancelled"));
        shape.Containers.Single().ContainerArn.ShouldBe("arn:aws:ecs:eu-west-1:123456789012:container/prod/job-1/main_app");
    }

    [Fact]
    public void A_service_pod_is_a_task_of_its_revision_group_and_deployment()
    {
        var pod = new Pod
        {
            Metadata = new ObjectMeta
            {
                Name = "web-5f7c9-abcde", Namespace = "prod", CreationTimestamp = Created,
                Labels = new Dictionary<string, string>
                {
                    ["app.kubernetes.io/managed-by"] = "ecsbridge", ["ecsbridge.io/service"] = "web",
                    ["ecsbridge.io/task-definition"] = "web", ["ecsbridge.io/revision"] = "4", ["pod-template-hash"] = "5f7c9",
                },
            },
            Status = new PodStatus
            {
                Phase = "Running",
                ContainerStatuses = [new ContainerStatus { Name = "web", State = new ContainerState { Running = new ContainerStateRunning { StartedAt = Created.AddSeconds(5) } } }],
            },
        };
        TaskShapeMapper.ServiceName(pod).ShouldBe("web");
        var shape = TaskShapeMapper.FromServicePod(Arns, "prod", pod, Created.AddMinutes(1));
        shape.TaskArn.ShouldBe("arn:aws:ecs:eu-west-1:123456789012:task/prod/web-5f7c9-abcde");
        shape.TaskDefinitionArn.ShouldBe("arn:aws:ecs:eu-west-1:123456789012:task-definition/web:4");
        (shape.LastStatus, shape.DesiredStatus, shape.Group, shape.StartedBy).ShouldBe(("RUNNING", "RUNNING", "service:web", "ecs-svc/5f7c9"));
        shape.StartedAt.ShouldBe(Created.AddSeconds(5).ToUnixTimeMilliseconds() / 1000.0);
        shape.Containers.Select(c => (c.Name, c.LastStatus)).ShouldBe([("web", "RUNNING")]);

        var deleting = pod with { Metadata = pod.Metadata with { DeletionTimestamp = Created.AddMinutes(1) } };
        var stopping = TaskShapeMapper.FromServicePod(Arns, "prod", deleting, Created.AddMinutes(1));
        (stopping.DesiredStatus, stopping.StopCode).ShouldBe(("STOPPED", "UserInitiated"));

        var oneOffPod = pod with { Metadata = pod.Metadata with { Labels = new Dictionary<string, string>(pod.Metadata.Labels!) { ["ecsbridge.io/task"] = "job" } } };
        TaskShapeMapper.ServiceName(oneOffPod).ShouldBeNull();
    }

    [Fact]
    public void Tag_resource_replaces_values_of_keys_there_and_appends_the_others_untag_removes_keys()
    {
        IReadOnlyList<ResourceTag> existing = [new() { Key = "team", Value = "a" }, new() { Key = "env", Value = "dev" }];
        var merged = EcsTags.Merge(existing, [new() { Key = "env", Value = "prod" }, new() { Key = "cost center", Value = "42" }]);
        merged.Select(t => (t.Key, t.Value)).ShouldBe([("team", "a"), ("env", "prod"), ("cost center", "42")]);
        EcsTags.Remove(merged, ["team", "absent"]).Select(t => t.Key).ShouldBe(["env", "cost center"]);
        EcsTags.Read(new Dictionary<string, string> { ["ecsbridge.io/ecs-tags"] = EcsTags.Write(merged) }, EcsTags.Annotation)
            .Select(t => (t.Key, t.Value)).ShouldBe(merged.Select(t => (t.Key, t.Value)));
    }

    [Theory]
    [InlineData("aws:createdBy", "x")]
    [InlineData("AWS:anything", "x")]
    [InlineData("", "x")]
    [InlineData("key#hash", "x")]
    public void Reserved_empty_or_badly_spelt_keys_are_invalid_parameters(string key, string value) =>
        Should.Throw<EcsApiException>(() => EcsTags.Validate([new ResourceTag { Key = key, Value = value }])).Type.ShouldBe("InvalidParameterException");

    [Fact]
    public void Lengths_and_the_count_are_ECS_limits()
    {
        EcsTags.Validate([new ResourceTag { Key = new string('k', 128), Value = new string('v', 256) }]);
        Should.Throw<EcsApiException>(() => EcsTags.Validate([new ResourceTag { Key = new string('k', 129), Value = "" }])).Type.ShouldBe("InvalidParameterException");
        Should.Throw<EcsApiException>(() => EcsTags.Validate([new ResourceTag { Key = "k", Value = new string('v', 257) }])).Type.ShouldBe("InvalidParameterException");
        var fifty = Enumerable.Range(0, 50).Select(i => new ResourceTag { Key = "k" + i, Value = "" }).ToList();
        EcsTags.Validate(fifty);
        Should.Throw<EcsApiException>(() => EcsTags.Merge(fifty, [new ResourceTag { Key = "one-more", Value = "" }])).Message.ShouldContain("at most 50");
    }
}
