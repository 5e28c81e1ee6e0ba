using EcsBridge.Api;
using EcsBridge.Api.Tasks;
using EcsBridge.Core.Build;
using EcsBridge.Core.Validation;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;
using EcsBridge.Watch;

namespace EcsBridge.EcsApi;

/// <summary>
/// RunTask, DescribeTasks, ListTasks and StopTask. One-off tasks are EcsTasks in the cluster's namespace (RunTask
/// applies one; StopTask adds the task to its spec.stopRequests and the operator deletes the pod); a service's tasks
/// are its pods (StopTask deletes the pod and the service's workload replaces it, as ECS's service scheduler does).
/// Task ids are pod names (see <see cref="TaskShapeMapper"/>). StartTask (placement on chosen container instances)
/// is refused: there are no container instances.
/// </summary>
internal static class TaskOperations
{
    public static async Task<RunTaskResponse> RunAsync(EcsApiCall call, RunTaskRequest request, CancellationToken cancellationToken)
    {
        var cluster = EcsClusters.Resolve(request.Cluster);
        call.Authorize(cluster, write: true);
        if (!TaskDefinitionReference.TryParse(request.TaskDefinition is { } text ? EcsArns.TaskDefinitionReference(text) : null, out var reference))
        {
            throw EcsApiException.InvalidParameter("taskDefinition must be a family, family:revision or a task definition ARN.");
        }
        var count = request.Count ?? 1;
        if (count is < 1 or > 10)
        {
            throw EcsApiException.InvalidParameter("count must be between 1 and 10.");
        }
        EcsTags.Validate(request.Tags);
        var overrides = ApiJson.Read<TaskOverride>(request.Overrides);
        if (request.ClientToken is { } clientToken)
        {
            RunTaskIdempotency.Validate(clientToken);
        }
        await EcsClusters.RequireActiveAsync(call, cluster, cancellationToken).ConfigureAwait(false);
        string? requestHash = null;
        if (request.ClientToken is { } token)
        {
            // Looked up before the task definition is checked: a retry returns what the first call started even when
            // its revision has been deregistered since.
            requestHash = RunTaskIdempotency.RequestHash(request, cluster);
            if (await RunTaskIdempotency.FindAsync(call, cluster, token, cancellationToken).ConfigureAwait(false) is { } started)
            {
                var ids = TaskShapeMapper.TaskIds(started);
                if (started.Metadata.Annotations?.GetValueOrDefault(RunTaskIdempotency.RequestAnnotation) != requestHash)
                {
                    throw RunTaskIdempotency.Conflict(ids.Select(id => call.Arns.Task(cluster, id)).ToList());
                }
                var startedArn = await TaskDefinitionArnAsync(call, cluster, started, cancellationToken).ConfigureAwait(false);
                return new RunTaskResponse(ids.Select(id => TaskShapeMapper.FromOneOff(call.Arns, cluster, started, id, startedArn)).ToList(), []);
            }
        }

        // The task definition must be there now: ECS refuses a run of an unknown or inactive one.
        var td = await call.Client.TryGetAsync(OperatorResources.EcsTaskDefinitions, cluster, reference.Family, ApiJsonContext.Default.EcsTaskDefinition, cancellationToken: cancellationToken).ConfigureAwait(false);
        var known = td?.Status?.History?.Select(h => h.Revision).ToList() ?? (td?.Status?.Revision is { } latest ? [latest] : []);
        var revision = reference.Revision ?? td?.Status?.Revision;
        if (td is null || td.Metadata.DeletionTimestamp is not null || (reference.Revision is { } asked && !known.Contains(asked)))
        {
            throw EcsApiException.InvalidParameter(
                $"TaskDefinition not found. (Task definitions are per cluster in EcsBridge: {reference} must be registered in cluster {cluster}.)");
        }
        if (revision is { } r && TaskDefinitionOperations.Deregistered(td).Contains(r))
        {
            throw EcsApiException.InvalidParameter("TaskDefinition is inactive.");
        }
        if (reference.Revision is null || reference.Revision == td.Status?.Revision)
        {
            // The overrides must name containers of the revision that runs (the live spec is the latest one).
            var names = td.Spec.ContainerDefinitions.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
            if (overrides?.ContainerOverrides?.FirstOrDefault(o => !names.Contains(o.Name)) is { } unknown)
            {
                throw EcsApiException.InvalidParameter($"Override for container named {unknown.Name} is not a container in the TaskDefinition.");
            }
        }

        // With a token the name comes from it, so two identical calls at once apply the same EcsTask.
        var name = NewTaskName(reference.Family, request.ClientToken);
        var applied = await call.Client.ApplyAsync(OperatorResources.EcsTasks, cluster, name, new EcsTask
        {
            Metadata = new ObjectMeta
            {
                Name = name,
                Namespace = cluster,
                Labels = request.ClientToken is { } t ? new Dictionary<string, string> { [RunTaskIdempotency.TokenLabel] = RunTaskIdempotency.TokenKey(t) } : null,
                Annotations = requestHash is { } hash ? new Dictionary<string, string> { [RunTaskIdempotency.RequestAnnotation] = hash } : null,
            },
            Spec = new EcsTaskSpec
            {
                TaskDefinition = reference.ToString(),
                Overrides = overrides,
                StartedBy = string.IsNullOrEmpty(request.StartedBy) ? null : request.StartedBy,
                Group = string.IsNullOrEmpty(request.Group) ? null : request.Group,
                Count = count,
                Tags = request.Tags is { Count: > 0 } tags ? tags : null,
                LaunchType = request.LaunchType,
            },
        }, ApiJsonContext.Default.EcsTask, call.Apply(), cancellationToken: cancellationToken).ConfigureAwait(false);
        var arn = revision is { } n ? call.Arns.TaskDefinition(reference.Family, n) : null;
        return new RunTaskResponse(
            TaskShapeMapper.TaskIds(applied).Select(id => TaskShapeMapper.FromOneOff(call.Arns, cluster, applied, id, arn)).ToList(), []);
    }

    public static async Task<DescribeTasksResponse> DescribeAsync(EcsApiCall call, DescribeTasksRequest request, CancellationToken cancellationToken)
    {
        var cluster = EcsClusters.Resolve(request.Cluster);
        call.Authorize(cluster, write: false);
        if (request.Tasks is not { Count: > 0 and <= 100 } ids)
        {
            throw EcsApiException.InvalidParameter("tasks must name 1 to 100 tasks.");
        }
        await EcsClusters.RequireActiveAsync(call, cluster, cancellationToken).ConfigureAwait(false);
        var withTags = request.Include?.Contains("TAGS") == true;
        var tasks = new List<TaskShape>();
        var failures = new List<FailureShape>();
        foreach (var given in ids)
        {
            var parsed = EcsArns.ParseTask(given);
            var found = parsed is { } p && (p.Cluster is null || p.Cluster == cluster)
                ? await FindAsync(call, cluster, p.Id, cancellationToken).ConfigureAwait(false)
                : null;
            if (found is null)
            {
                failures.Add(new FailureShape(parsed is { } q ? call.Arns.Task(cluster, q.Id) : given, "MISSING"));
                continue;
            }
            var shape = found.Shape;
            tasks.Add(withTags ? shape with { Tags = shape.Tags ?? [] } : shape with { Tags = null });
        }
        return new DescribeTasksResponse(tasks, failures);
    }

    public static async Task<ListTasksResponse> ListAsync(EcsApiCall call, ListTasksRequest request, CancellationToken cancellationToken)
    {
        var cluster = EcsClusters.Resolve(request.Cluster);
        call.Authorize(cluster, write: false);
        var desired = request.DesiredStatus ?? TaskStatuses.Running;
        if (desired is not (TaskStatuses.Running or TaskStatuses.Pending or TaskStatuses.Stopped))
        {
            throw EcsApiException.InvalidParameter("desiredStatus must be RUNNING, PENDING or STOPPED.");
        }
        if (request.ServiceName is not null && request.Family is not null)
        {
            throw EcsApiException.InvalidParameter("family and serviceName cannot be specified together.");
        }
        await EcsClusters.RequireActiveAsync(call, cluster, cancellationToken).ConfigureAwait(false);
        var now = call.Time.GetUtcNow();
        var items = new List<TaskShape>();
        string? service = null;
        if (request.ServiceName is { } serviceParameter)
        {
            service = EcsArns.ParseService(serviceParameter) is { } parsed && (parsed.Cluster is null || parsed.Cluster == cluster) ? parsed.Name : null;
            if (service is null || await call.Client.TryGetAsync(OperatorResources.EcsServices, cluster, service, ApiJsonContext.Default.EcsService, cancellationToken: cancellationToken).ConfigureAwait(false) is null)
            {
                throw new EcsApiException(EcsErrorTypes.ServiceNotFound, "Service not found.");
            }
        }
        else
        {
            var oneOff = await call.Client.ListAllAsync(OperatorResources.EcsTasks, cluster, ApiJsonContext.Default.EcsTask,
                new ListOptions { SkipUndecodable = true }, cancellationToken).ConfigureAwait(false);
            foreach (var task in oneOff.Items.Where(t => request.Family is null || TaskShapeMapper.Family(t) == request.Family))
            {
                items.AddRange(TaskShapeMapper.TaskIds(task).Select(id => TaskShapeMapper.FromOneOff(call.Arns, cluster, task, id, null)));
            }
        }
        // A service's tasks are its pods (they carry the service label; one-off tasks' pods carry the task label).
        var selector = $"{Labels.ManagedBy}={Labels.ManagedByValue},{(service is null ? Labels.Service : Labels.SelectorText(Labels.Selector(service)))},!{Labels.Task}";
        var pods = await call.Client.ListAllAsync(ResourceType.Pods, cluster, WorkloadsJsonContext.Default.Pod,
            new ListOptions { LabelSelector = selector, SkipUndecodable = true }, cancellationToken).ConfigureAwait(false);
        items.AddRange(pods.Items
            .Where(p => request.Family is null || p.Metadata.Labels?.GetValueOrDefault(Labels.TaskDefinition) == request.Family)
            .Select(p => TaskShapeMapper.FromServicePod(call.Arns, cluster, p, now)));

        // A service's stopped tasks (status.stoppedTasks) whose pods are gone: ECS lists them for about an hour.
        var listed = items.Select(t => t.TaskArn).ToHashSet(StringComparer.Ordinal);
        var services = await call.Client.ListAllAsync(OperatorResources.EcsServices, cluster, ApiJsonContext.Default.EcsService,
            new ListOptions { SkipUndecodable = true }, cancellationToken).ConfigureAwait(false);
        foreach (var owner in services.Items.Where(s => service is null ? request.ServiceName is null : s.Metadata.Name == service))
        {
            items.AddRange((owner.Status?.StoppedTasks ?? [])
                .Where(t => request.Family is null || (t.TaskDefinition is { } td && td.Split(':')[0] == request.Family))
                .Select(t => TaskShapeMapper.FromStoppedServiceTask(call.Arns, cluster, owner.Metadata.Name!, t))
                .Where(t => !listed.Contains(t.TaskArn)));
        }

        var matching = request.ContainerInstance is { Length: > 0 }
            ? [] // No task runs on an ECS container instance here.
            : items.Where(t => (request.StartedBy is null || t.StartedBy == request.StartedBy) && t.DesiredStatus == desired);
        var (page, next) = EcsPaging.Page(matching.Select(t => t.TaskArn), a => a, request.NextToken, request.MaxResults);
        return new ListTasksResponse(page, next);
    }

    public static async Task<StopTaskResponse> StopAsync(EcsApiCall call, StopTaskRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.Task) || EcsArns.ParseTask(request.Task) is not { } parsed)
        {
            throw EcsApiException.InvalidParameter("task must be a task id or ARN.");
        }
        var cluster = EcsClusters.Resolve(request.Cluster ?? parsed.Cluster);
        call.Authorize(cluster, write: true);
        if (request.Reason is { Length: > 255 })
        {
            throw EcsApiException.InvalidParameter("reason can be at most 255 characters.");
        }
        await EcsClusters.RequireActiveAsync(call, cluster, cancellationToken).ConfigureAwait(false);
        var found = (parsed.Cluster is null || parsed.Cluster == cluster ? await FindAsync(call, cluster, parsed.Id, cancellationToken).ConfigureAwait(false) : null)
            ?? throw EcsApiException.InvalidParameter("The referenced task was not found.");
        var reason = string.IsNullOrEmpty(request.Reason) ? null : request.Reason;
        if (found.Task is { } task)
        {
            if (found.Shape.LastStatus == TaskStatuses.Stopped || task.Spec.StopRequests?.Any(s => s.Task == parsed.Id) == true)
            {
                return new StopTaskResponse(found.Shape with { Tags = null });
            }
            // The whole spec this API means, with the stop added (an apply that left a field out would give it up);
            // the resourceVersion makes a concurrent change (another stop) fail and be retried, never lost.
            var stops = (task.Spec.StopRequests ?? []).Append(new TaskStopRequest { Task = parsed.Id, Reason = reason }).ToList();
            var applied = await call.Client.ApplyAsync(OperatorResources.EcsTasks, cluster, task.Metadata.Name!, new EcsTask
            {
                Metadata = new ObjectMeta { Name = task.Metadata.Name, Namespace = cluster, ResourceVersion = task.Metadata.ResourceVersion },
                Spec = task.Spec with { StopRequests = stops },
            }, ApiJsonContext.Default.EcsTask, call.Apply(), cancellationToken: cancellationToken).ConfigureAwait(false);
            var arn = found.Shape.TaskDefinitionArn;
            return new StopTaskResponse(TaskShapeMapper.FromOneOff(call.Arns, cluster, applied, parsed.Id, arn) with { Tags = null });
        }
        if (found.Pod is not { } pod)
        {
            // Already stopped, kept in its service's status.stoppedTasks: ECS answers with the task as it is.
            return new StopTaskResponse(found.Shape with { Tags = null });
        }
        if (pod.Metadata.DeletionTimestamp is null)
        {
            // The reason first, on the pod itself, so the operator reports UserInitiated with it (status.stoppedTasks);
            // the uid makes the patch fail on a pod that replaced this one under the same name.
            var mark = new System.Text.Json.Nodes.JsonObject
            {
                ["metadata"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["uid"] = pod.Metadata.Uid,
                    ["annotations"] = new System.Text.Json.Nodes.JsonObject { [Labels.StopReasonAnnotation] = reason ?? "" },
                },
            };
            await call.Client.PatchAsync(ResourceType.Pods, cluster, pod.Metadata.Name!, PatchType.Merge, mark.ToJsonString(),
                WorkloadsJsonContext.Default.Pod, fieldManager: call.FieldManager, cancellationToken: cancellationToken).ConfigureAwait(false);
            // The uid precondition: a pod that replaced this one under the same name is not deleted by this call.
            await call.Client.DeleteAsync(ResourceType.Pods, cluster, pod.Metadata.Name!, new DeleteOptions { PreconditionUid = pod.Metadata.Uid }, cancellationToken).ConfigureAwait(false);
        }
        return new StopTaskResponse(found.Shape with
        {
            DesiredStatus = TaskStatuses.Stopped,
            StopCode = found.Shape.StopCode ?? StopCodes.UserInitiated,
            StoppedReason = found.Shape.StoppedReason is { } said && pod.Metadata.DeletionTimestamp is not null ? said : reason ?? Core.Status.TaskStatusCalculator.StoppedByUserReason,
            Tags = null,
        });
    }

    public static Task<EmptyResponse> StartAsync() =>
        throw EcsApiException.Client(
            "StartTask is not supported: it places tasks on container instances you choose, and EcsBridge has none (the Kubernetes scheduler places every task's pod on a node). Use RunTask.");

    /// <summary>A task of the cluster: a one-off task (its EcsTask) or a service's pod; null when there is none.</summary>
    internal static async Task<FoundTask?> FindAsync(EcsApiCall call, string cluster, string taskId, CancellationToken cancellationToken)
    {
        if (TaskShapeMapper.OneOffName(taskId) is { } name
            && await call.Client.TryGetAsync(OperatorResources.EcsTasks, cluster, name, ApiJsonContext.Default.EcsTask, cancellationToken: cancellationToken).ConfigureAwait(false) is { } task
            && TaskShapeMapper.TaskIds(task).Contains(taskId))
        {
            var arn = await TaskDefinitionArnAsync(call, cluster, task, cancellationToken).ConfigureAwait(false);
            return new FoundTask(TaskShapeMapper.FromOneOff(call.Arns, cluster, task, taskId, arn), task, null);
        }
        var pod = await call.Client.TryGetAsync(ResourceType.Pods, cluster, taskId, WorkloadsJsonContext.Default.Pod, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (pod is not null && TaskShapeMapper.ServiceName(pod) is { } owner)
        {
            var shape = TaskShapeMapper.FromServicePod(call.Arns, cluster, pod, call.Time.GetUtcNow());
            if (pod.Metadata.DeletionTimestamp is not null
                && (await call.Client.TryGetAsync(OperatorResources.EcsServices, cluster, owner, ApiJsonContext.Default.EcsService, cancellationToken: cancellationToken).ConfigureAwait(false))
                    ?.Status?.StoppedTasks?.FirstOrDefault(t => t.Task == taskId) is { } recorded)
            {
                // Stopping: why, as the operator recorded it (the scheduler replaced it, or StopTask with a reason).
                shape = shape with { StopCode = recorded.StopCode, StoppedReason = recorded.StoppedReason, StoppingAt = recorded.StoppingAt is { } at ? EcsApiCall.Epoch(at) : null };
            }
            return new FoundTask(shape, null, pod);
        }
        // A service's task whose pod is gone: its service's status.stoppedTasks keeps it for --stopped-task-ttl.
        var services = await call.Client.ListAllAsync(OperatorResources.EcsServices, cluster, ApiJsonContext.Default.EcsService,
            new ListOptions { SkipUndecodable = true }, cancellationToken).ConfigureAwait(false);
        foreach (var service in services.Items)
        {
            if (service.Status?.StoppedTasks?.FirstOrDefault(t => t.Task == taskId) is { } stopped)
            {
                return new FoundTask(TaskShapeMapper.FromStoppedServiceTask(call.Arns, cluster, service.Metadata.Name!, stopped), null, null);
            }
        }
        return null;
    }

    /// <summary>The ARN of the revision the task runs: fixed in status once it started, else the one it names (its
    /// family's latest when it names none).</summary>
    private static async Task<string?> TaskDefinitionArnAsync(EcsApiCall call, string cluster, EcsTask task, CancellationToken cancellationToken)
    {
        if (!TaskDefinitionReference.TryParse(task.Status?.TaskDefinition ?? task.Spec.TaskDefinition, out var reference))
        {
            return null;
        }
        var revision = reference.Revision;
        if (revision is null)
        {
            var td = await call.Client.TryGetAsync(OperatorResources.EcsTaskDefinitions, cluster, reference.Family, ApiJsonContext.Default.EcsTaskDefinition, cancellationToken: cancellationToken).ConfigureAwait(false);
            revision = td?.Status?.Revision;
        }
        return revision is { } n ? call.Arns.TaskDefinition(reference.Family, n) : null;
    }

    /// <summary>&lt;family&gt;-&lt;12 hex digits&gt;: unique (random, or from the client token's hash), and its first
    /// task's id reads as the family it runs.</summary>
    private static string NewTaskName(string family, string? clientToken)
    {
        var prefix = Names.Dns1123Label(family.Length > 40 ? family[..40] : family).TrimEnd('-');
        var suffix = clientToken is null ? Guid.NewGuid().ToString("N")[..12] : RunTaskIdempotency.TokenKey(clientToken)[..12];
        return (prefix.Length == 0 ? "task" : prefix) + "-" + suffix;
    }
}

/// <summary>A task found by id: its shape, and the EcsTask or the service's pod it is.</summary>
internal sealed record FoundTask(TaskShape Shape, EcsTask? Task, Pod? Pod);
