using System.Globalization;
using EcsBridge.Api;
using EcsBridge.Core.Validation;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Watch;

namespace EcsBridge.EcsApi;

/// <summary>CreateService, UpdateService, DescribeServices, ListServices and DeleteService on EcsServices in the
/// cluster's namespace. Writes apply the whole spec the API means (an apply that left a field out would give it
/// up); reads come from the EcsService, whose status the operator keeps in describe-services' shape.</summary>
internal static class ServiceOperations
{
    public static async Task<ServiceResponse> CreateAsync(EcsApiCall call, EcsServiceSpec request, CancellationToken cancellationToken)
    {
        var cluster = EcsClusters.Resolve(request.Cluster);
        call.Authorize(cluster, write: true);
        var name = request.ServiceName;
        if (string.IsNullOrEmpty(name) || !EcsClusters.IsValidName(name))
        {
            throw EcsApiException.InvalidParameter(
                $"serviceName '{name}' cannot name an EcsService: use up to 63 lower-case letters, digits and hyphens, starting and ending with a letter or digit.");
        }
        if (!TaskDefinitionReference.TryParse(request.TaskDefinition, out var reference))
        {
            throw EcsApiException.InvalidParameter("taskDefinition must be a family, family:revision or a task definition ARN.");
        }
        await EcsClusters.RequireActiveAsync(call, cluster, cancellationToken).ConfigureAwait(false);
        var existing = await call.Client.TryGetAsync(OperatorResources.EcsServices, cluster, name, ApiJsonContext.Default.EcsService, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            throw EcsApiException.InvalidParameter("Creation of service was not idempotent.");
        }
        var spec = request with { Cluster = null, ServiceName = name, TaskDefinition = reference.ToString() };
        var applied = await call.Client.ApplyAsync(OperatorResources.EcsServices, cluster, name, new EcsService
        {
            Metadata = new ObjectMeta { Name = name, Namespace = cluster },
            Spec = spec,
        }, ApiJsonContext.Default.EcsService, call.Apply(), cancellationToken: cancellationToken).ConfigureAwait(false);
        return new ServiceResponse(await ShapeAsync(call, cluster, applied, cancellationToken).ConfigureAwait(false));
    }

    public static async Task<ServiceResponse> UpdateAsync(EcsApiCall call, UpdateServiceRequest request, CancellationToken cancellationToken)
    {
        var (cluster, name) = Target(request.Cluster, request.Service);
        call.Authorize(cluster, write: true);
        var live = await RequireAsync(call, cluster, name, cancellationToken).ConfigureAwait(false);
        if (live.Metadata.DeletionTimestamp is not null)
        {
            throw new EcsApiException(EcsErrorTypes.ServiceNotActive, "Service was not ACTIVE.");
        }
        var spec = live.Spec;
        if (request.DesiredCount is { } desired)
        {
            spec = spec with { DesiredCount = desired };
        }
        if (request.TaskDefinition is { } text)
        {
            if (!TaskDefinitionReference.TryParse(text, out var reference))
            {
                throw EcsApiException.InvalidParameter("taskDefinition must be a family, family:revision or a task definition ARN.");
            }
            spec = spec with { TaskDefinition = reference.ToString() };
        }
        if (ApiJson.Read<Api.Services.DeploymentConfiguration>(request.DeploymentConfiguration) is { } deployment)
        {
            spec = spec with { DeploymentConfiguration = deployment };
        }
        if (request.HealthCheckGracePeriodSeconds is { } grace)
        {
            spec = spec with { HealthCheckGracePeriodSeconds = grace };
        }
        if (request.ForceNewDeployment == true)
        {
            // Any new value replaces every task (spec.forceNewDeploymentToken); the time in ms is new per call.
            spec = spec with { ForceNewDeploymentToken = call.Time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) };
        }
        var applied = await call.Client.ApplyAsync(OperatorResources.EcsServices, cluster, name, new EcsService
        {
            Metadata = new ObjectMeta { Name = name, Namespace = cluster },
            Spec = spec,
        }, ApiJsonContext.Default.EcsService, call.Apply(), cancellationToken: cancellationToken).ConfigureAwait(false);
        return new ServiceResponse(await ShapeAsync(call, cluster, applied, cancellationToken).ConfigureAwait(false));
    }

    public static async Task<DescribeServicesResponse> DescribeAsync(EcsApiCall call, DescribeServicesRequest request, CancellationToken cancellationToken)
    {
        var cluster = EcsClusters.Resolve(request.Cluster);
        call.Authorize(cluster, write: false);
        if (request.Services is not { Count: > 0 and <= 10 } names)
        {
            throw EcsApiException.InvalidParameter("services must name 1 to 10 services.");
        }
        await EcsClusters.RequireActiveAsync(call, cluster, cancellationToken).ConfigureAwait(false);
        var services = new List<ServiceShape>();
        var failures = new List<FailureShape>();
        foreach (var given in names)
        {
            var parsed = EcsArns.ParseService(given);
            var service = parsed is { } p && (p.Cluster is null || p.Cluster == cluster)
                ? await call.Client.TryGetAsync(OperatorResources.EcsServices, cluster, p.Name, ApiJsonContext.Default.EcsService, cancellationToken: cancellationToken).ConfigureAwait(false)
                : null;
            if (service is null)
            {
                failures.Add(new FailureShape(parsed is { } q ? call.Arns.Service(cluster, q.Name) : given, "MISSING"));
                continue;
            }
            services.Add(await ShapeAsync(call, cluster, service, cancellationToken).ConfigureAwait(false));
        }
        return new DescribeServicesResponse(services, failures);
    }

    public static async Task<ListServicesResponse> ListAsync(EcsApiCall call, ListServicesRequest request, CancellationToken cancellationToken)
    {
        var cluster = EcsClusters.Resolve(request.Cluster);
        call.Authorize(cluster, write: false);
        await EcsClusters.RequireActiveAsync(call, cluster, cancellationToken).ConfigureAwait(false);
        var list = await call.Client.ListAllAsync(OperatorResources.EcsServices, cluster, ApiJsonContext.Default.EcsService,
            new ListOptions { SkipUndecodable = true }, cancellationToken).ConfigureAwait(false);
        var names = list.Items
            .Where(s => request.LaunchType is null || (s.Spec.LaunchType ?? "EC2") == request.LaunchType)
            .Where(s => request.SchedulingStrategy is null || (s.Spec.SchedulingStrategy ?? "REPLICA") == request.SchedulingStrategy)
            .Select(s => s.Metadata.Name!);
        var (page, next) = EcsPaging.Page(names, n => n, request.NextToken, request.MaxResults, defaultMax: 10);
        return new ListServicesResponse(page.Select(n => call.Arns.Service(cluster, n)).ToList(), next);
    }

    public static async Task<ServiceResponse> DeleteAsync(EcsApiCall call, DeleteServiceRequest request, CancellationToken cancellationToken)
    {
        var (cluster, name) = Target(request.Cluster, request.Service);
        call.Authorize(cluster, write: true);
        var live = await RequireAsync(call, cluster, name, cancellationToken).ConfigureAwait(false);
        var replica = (live.Spec.SchedulingStrategy ?? "REPLICA") == "REPLICA";
        if (request.Force != true && replica && (live.Spec.DesiredCount ?? 0) > 0)
        {
            throw EcsApiException.InvalidParameter("The service cannot be stopped while it is scaled above 0.");
        }
        var shape = await ShapeAsync(call, cluster, live, cancellationToken).ConfigureAwait(false);
        // The uid precondition: a service recreated meanwhile under the same name is not deleted by this call.
        await call.Client.DeleteAsync(OperatorResources.EcsServices, cluster, name, new DeleteOptions { PreconditionUid = live.Metadata.Uid }, cancellationToken).ConfigureAwait(false);
        return new ServiceResponse(shape with { Status = ServiceStatuses.Draining });
    }

    private static (string Cluster, string Name) Target(string? clusterParameter, string? service)
    {
        if (string.IsNullOrEmpty(service) || EcsArns.ParseService(service) is not { } parsed)
        {
            throw EcsApiException.InvalidParameter("service must be a service name or ARN.");
        }
        var cluster = EcsClusters.Resolve(clusterParameter ?? parsed.Cluster);
        return (cluster, parsed.Name);
    }

    private static async Task<EcsService> RequireAsync(EcsApiCall call, string cluster, string name, CancellationToken cancellationToken)
    {
        await EcsClusters.RequireActiveAsync(call, cluster, cancellationToken).ConfigureAwait(false);
        return await call.Client.TryGetAsync(OperatorResources.EcsServices, cluster, name, ApiJsonContext.Default.EcsService, cancellationToken: cancellationToken).ConfigureAwait(false)
            ?? throw new EcsApiException(EcsErrorTypes.ServiceNotFound, "Service not found.");
    }

    private static async Task<ServiceShape> ShapeAsync(EcsApiCall call, string cluster, EcsService service, CancellationToken cancellationToken)
    {
        var spec = service.Spec;
        var status = service.Status;
        var launchType = spec.LaunchType ?? (spec.CapacityProviderStrategy is { Count: > 0 } ? null : "EC2");
        var deployments = (status?.Deployments ?? []).Select(d => new DeploymentShape
        {
            Id = d.Id,
            Status = d.Status,
            TaskDefinition = d.TaskDefinition is { } td && TaskDefinitionReference.TryParse(td, out var r) && r.Revision is { } n
                ? call.Arns.TaskDefinition(r.Family, n) : d.TaskDefinition,
            DesiredCount = d.DesiredCount ?? 0,
            PendingCount = d.PendingCount ?? 0,
            RunningCount = d.RunningCount ?? 0,
            FailedTasks = d.FailedTasks ?? 0,
            CreatedAt = d.CreatedAt is { } c ? EcsApiCall.Epoch(c) : null,
            UpdatedAt = d.UpdatedAt is { } u ? EcsApiCall.Epoch(u) : null,
            LaunchType = launchType,
            RolloutState = d.RolloutState,
            RolloutStateReason = d.RolloutStateReason,
        }).ToList();
        var specTaskDefinition = await TaskDefinitionArnAsync(call, cluster, spec.TaskDefinition, cancellationToken).ConfigureAwait(false);
        var generation = service.Metadata.Generation ?? 0;
        var pending = service.Metadata.DeletionTimestamp is null && (status?.ObservedGeneration ?? 0) < generation;
        if (pending)
        {
            // The spec changed (UpdateService, CreateService) and the operator has not reconciled it yet. ECS answers
            // such a call with a new PRIMARY deployment at once; so do we, or `aws ecs wait services-stable` right
            // after update-service would accept the old, stable status.
            deployments = deployments.Select(d => d.Status == "PRIMARY" ? d with { Status = "ACTIVE" } : d).ToList();
            deployments.Insert(0, new DeploymentShape
            {
                Id = $"ecs-svc/{service.Metadata.Uid}-{generation}",
                Status = "PRIMARY",
                TaskDefinition = specTaskDefinition,
                DesiredCount = spec.DesiredCount ?? 0,
                LaunchType = launchType,
                RolloutState = "IN_PROGRESS",
                RolloutStateReason = "ECS deployment pending: the operator has not yet applied this change.",
            });
        }
        return new ServiceShape
        {
            ServiceArn = call.Arns.Service(cluster, service.Metadata.Name!),
            ServiceName = service.Metadata.Name!,
            ClusterArn = call.Arns.Cluster(cluster),
            LoadBalancers = ApiJson.Node(spec.LoadBalancers ?? []),
            ServiceRegistries = ApiJson.Node(spec.ServiceRegistries ?? []),
            Status = service.Metadata.DeletionTimestamp is not null ? ServiceStatuses.Draining : status?.Status ?? ServiceStatuses.Active,
            DesiredCount = pending ? spec.DesiredCount ?? status?.DesiredCount ?? 0 : status?.DesiredCount ?? spec.DesiredCount ?? 0,
            RunningCount = status?.RunningCount ?? 0,
            PendingCount = status?.PendingCount ?? 0,
            LaunchType = launchType,
            CapacityProviderStrategy = ApiJson.Node(spec.CapacityProviderStrategy),
            PlatformVersion = spec.PlatformVersion,
            TaskDefinition = pending || status?.TaskDefinition is null
                ? specTaskDefinition
                : await TaskDefinitionArnAsync(call, cluster, status.TaskDefinition, cancellationToken).ConfigureAwait(false),
            DeploymentConfiguration = ApiJson.Node(spec.DeploymentConfiguration),
            Deployments = deployments,
            RoleArn = spec.Role,
            Events = (status?.Events ?? []).Select(e => new ServiceEventShape(e.Id, EcsApiCall.Epoch(e.CreatedAt), e.Message)).ToList(),
            CreatedAt = service.Metadata.CreationTimestamp is { } created ? EcsApiCall.Epoch(created) : null,
            PlacementConstraints = ApiJson.Node(spec.PlacementConstraints ?? []),
            PlacementStrategy = ApiJson.Node(spec.PlacementStrategy ?? []),
            NetworkConfiguration = ApiJson.Node(spec.NetworkConfiguration),
            HealthCheckGracePeriodSeconds = spec.HealthCheckGracePeriodSeconds,
            SchedulingStrategy = spec.SchedulingStrategy ?? "REPLICA",
            DeploymentController = new DeploymentControllerShape(spec.DeploymentController?.Type ?? "ECS"),
            Tags = spec.Tags,
            EnableECSManagedTags = spec.EnableECSManagedTags ?? false,
            PropagateTags = spec.PropagateTags ?? "NONE",
            EnableExecuteCommand = spec.EnableExecuteCommand ?? false,
        };
    }

    /// <summary>The ARN of family:revision; a bare family is the family's latest revision.</summary>
    private static async Task<string?> TaskDefinitionArnAsync(EcsApiCall call, string cluster, string text, CancellationToken cancellationToken)
    {
        if (!TaskDefinitionReference.TryParse(text, out var reference))
        {
            return text;
        }
        var revision = reference.Revision;
        if (revision is null)
        {
            var td = await call.Client.TryGetAsync(OperatorResources.EcsTaskDefinitions, cluster, reference.Family, ApiJsonContext.Default.EcsTaskDefinition, cancellationToken: cancellationToken).ConfigureAwait(false);
            revision = td?.Status?.Revision;
        }
        return revision is { } n ? call.Arns.TaskDefinition(reference.Family, n) : text;
    }
}
