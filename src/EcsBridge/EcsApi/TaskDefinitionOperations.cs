using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcsBridge.Api;
using EcsBridge.Core.Build;
using EcsBridge.Core.Validation;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;
using EcsBridge.Watch;

namespace EcsBridge.EcsApi;

/// <summary>
/// RegisterTaskDefinition, DescribeTaskDefinition, ListTaskDefinitions, ListTaskDefinitionFamilies and
/// DeregisterTaskDefinition on EcsTaskDefinitions. Task definitions are regional in ECS but namespaced here: they
/// live in the caller's home cluster (the first cluster its key names). A registration applies the family's
/// EcsTaskDefinition; the operator records the revision (a ControllerRevision) and the call answers with that
/// number. Deregistered revisions are listed in an annotation: ECS keeps them describable as INACTIVE.
/// </summary>
internal static class TaskDefinitionOperations
{
    public const string DeregisteredAnnotation = "ecsbridge.io/deregistered-revisions";
    private static readonly TimeSpan RevisionWait = TimeSpan.FromSeconds(15);

    public static async Task<TaskDefinitionResponse> RegisterAsync(EcsApiCall call, EcsTaskDefinitionSpec request, CancellationToken cancellationToken)
    {
        var family = request.Family;
        if (string.IsNullOrEmpty(family) || !EcsClusters.IsValidName(family))
        {
            throw EcsApiException.InvalidParameter(
                $"family '{family}' cannot name an EcsTaskDefinition: use up to 63 lower-case letters, digits and hyphens, starting and ending with a letter or digit.");
        }
        if (request.ContainerDefinitions is not { Count: > 0 })
        {
            throw EcsApiException.InvalidParameter("Container definitions are required.");
        }
        var ns = call.Caller.HomeCluster;
        call.Authorize(ns, write: true);
        await EcsClusters.RequireActiveAsync(call, ns, cancellationToken).ConfigureAwait(false);
        var live = await call.Client.TryGetAsync(OperatorResources.EcsTaskDefinitions, ns, family, ApiJsonContext.Default.EcsTaskDefinition, cancellationToken: cancellationToken).ConfigureAwait(false);
        var applied = await call.Client.ApplyAsync(OperatorResources.EcsTaskDefinitions, ns, family, new EcsTaskDefinition
        {
            Metadata = new ObjectMeta { Name = family, Namespace = ns, Annotations = KeepDeregistered(live) },
            Spec = request,
        }, ApiJsonContext.Default.EcsTaskDefinition, call.Apply(), cancellationToken: cancellationToken).ConfigureAwait(false);
        var (revision, registeredAt) = await WaitForRevisionAsync(call, applied, cancellationToken).ConfigureAwait(false);
        return new TaskDefinitionResponse(Shape(call, applied.Spec, family, revision, registeredAt, Deregistered(applied)), applied.Spec.Tags);
    }

    public static async Task<TaskDefinitionResponse> DescribeAsync(EcsApiCall call, DescribeTaskDefinitionRequest request, CancellationToken cancellationToken)
    {
        var (td, revision, spec) = await ReadRevisionAsync(call, request.TaskDefinition, write: false, cancellationToken).ConfigureAwait(false);
        var registeredAt = td.Status?.History?.FirstOrDefault(h => h.Revision == revision)?.CreatedAt;
        return new TaskDefinitionResponse(Shape(call, spec, td.Metadata.Name!, revision, registeredAt, Deregistered(td)),
            request.Include?.Contains("TAGS") == true ? spec.Tags ?? [] : null);
    }

    public static async Task<TaskDefinitionResponse> DeregisterAsync(EcsApiCall call, DeregisterTaskDefinitionRequest request, CancellationToken cancellationToken)
    {
        if (!TaskDefinitionReference.TryParse(request.TaskDefinition, out var reference) || reference.Revision is null)
        {
            throw EcsApiException.InvalidParameter("The specified task definition identifier is invalid. Specify a valid name or ARN with a revision (family:revision).");
        }
        var (td, revision, spec) = await ReadRevisionAsync(call, request.TaskDefinition, write: true, cancellationToken).ConfigureAwait(false);
        var deregistered = Deregistered(td);
        if (!deregistered.Contains(revision))
        {
            deregistered = [.. deregistered, revision];
            var annotations = new Dictionary<string, string> { [DeregisteredAnnotation] = Format(deregistered) };
            // The live spec goes with the annotation: an apply without it would give up this manager's spec fields.
            await call.Client.ApplyAsync(OperatorResources.EcsTaskDefinitions, td.Metadata.Namespace, td.Metadata.Name!, new EcsTaskDefinition
            {
                Metadata = new ObjectMeta { Name = td.Metadata.Name, Namespace = td.Metadata.Namespace, Annotations = annotations },
                Spec = td.Spec,
            }, ApiJsonContext.Default.EcsTaskDefinition, call.Apply(force: false), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        var registeredAt = td.Status?.History?.FirstOrDefault(h => h.Revision == revision)?.CreatedAt;
        var shape = Shape(call, spec, td.Metadata.Name!, revision, registeredAt, deregistered);
        shape["deregisteredAt"] = EcsApiCall.Epoch(call.Time.GetUtcNow());
        return new TaskDefinitionResponse(shape);
    }

    public static async Task<ListTaskDefinitionsResponse> ListAsync(EcsApiCall call, ListTaskDefinitionsRequest request, CancellationToken cancellationToken)
    {
        var status = request.Status ?? "ACTIVE";
        if (status is not ("ACTIVE" or "INACTIVE" or "DELETE_IN_PROGRESS"))
        {
            throw EcsApiException.InvalidParameter("status must be ACTIVE, INACTIVE or DELETE_IN_PROGRESS.");
        }
        var descending = (request.Sort ?? "ASC") switch
        {
            "ASC" => false,
            "DESC" => true,
            _ => throw EcsApiException.InvalidParameter("sort must be ASC or DESC."),
        };
        var revisions = new List<(string Family, int Revision)>();
        foreach (var td in await ListFamiliesAsync(call, cancellationToken).ConfigureAwait(false))
        {
            // familyPrefix is the full family name in ListTaskDefinitions (ECS's own wording).
            if (request.FamilyPrefix is { Length: > 0 } family && td.Metadata.Name != family)
            {
                continue;
            }
            var inactive = Deregistered(td);
            foreach (var revision in Revisions(td))
            {
                if ((status == "INACTIVE") == inactive.Contains(revision))
                {
                    revisions.Add((td.Metadata.Name!, revision));
                }
            }
        }
        // The key orders by family, then revision (descending: the reverse); padding keeps numbers in order.
        var (page, next) = EcsPaging.Page(revisions, r => SortKey(r.Family, r.Revision, descending), request.NextToken, request.MaxResults);
        return new ListTaskDefinitionsResponse(page.Select(r => call.Arns.TaskDefinition(r.Family, r.Revision)).ToList(), next);
    }

    public static async Task<ListTaskDefinitionFamiliesResponse> ListFamiliesAsync(EcsApiCall call, ListTaskDefinitionFamiliesRequest request, CancellationToken cancellationToken)
    {
        var status = request.Status ?? "ACTIVE";
        if (status is not ("ACTIVE" or "INACTIVE" or "ALL"))
        {
            throw EcsApiException.InvalidParameter("status must be ACTIVE, INACTIVE or ALL.");
        }
        var families = new List<string>();
        foreach (var td in await ListFamiliesAsync(call, cancellationToken).ConfigureAwait(false))
        {
            if (request.FamilyPrefix is { Length: > 0 } prefix && !td.Metadata.Name!.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }
            var inactive = Deregistered(td);
            var hasActive = Revisions(td).Any(r => !inactive.Contains(r));
            if (status == "ALL" || (status == "ACTIVE") == hasActive)
            {
                families.Add(td.Metadata.Name!);
            }
        }
        var (page, next) = EcsPaging.Page(families, f => f, request.NextToken, request.MaxResults);
        return new ListTaskDefinitionFamiliesResponse(page, next);
    }

    /// <summary>"a\u0001-0000000003" ascending; with descending, the family's characters and the number inverted so
    /// that an ordinal sort gives the reverse order.</summary>
    internal static string SortKey(string family, int revision, bool descending) =>
        descending
            ? new string(family.Select(c => (char)(0xFFFF - c)).ToArray()) + "\u0000" + (int.MaxValue - revision).ToString("D10", CultureInfo.InvariantCulture)
            : family + "\u0000" + revision.ToString("D10", CultureInfo.InvariantCulture);

    private static async Task<IReadOnlyList<EcsTaskDefinition>> ListFamiliesAsync(EcsApiCall call, CancellationToken cancellationToken)
    {
        var ns = call.Caller.HomeCluster;
        call.Authorize(ns, write: false);
        var list = await call.Client.ListAllAsync(OperatorResources.EcsTaskDefinitions, ns, ApiJsonContext.Default.EcsTaskDefinition,
            new ListOptions { SkipUndecodable = true }, cancellationToken).ConfigureAwait(false);
        return list.Items;
    }

    /// <summary>The revisions the operator recorded and still keeps.</summary>
    private static IEnumerable<int> Revisions(EcsTaskDefinition td) =>
        td.Status?.History?.Select(h => h.Revision) ?? (td.Status?.Revision is { } latest ? [latest] : []);

    /// <summary>The task definition and the spec of the revision named (the latest when none): older revisions are
    /// read from their ControllerRevision, which holds the spec as it was.</summary>
    internal static async Task<(EcsTaskDefinition Td, int Revision, EcsTaskDefinitionSpec Spec)> ReadRevisionAsync(
        EcsApiCall call, string? text, bool write, CancellationToken cancellationToken)
    {
        if (!TaskDefinitionReference.TryParse(text, out var reference))
        {
            throw EcsApiException.Client("Unable to describe task definition.");
        }
        var ns = call.Caller.HomeCluster;
        call.Authorize(ns, write);
        var td = await call.Client.TryGetAsync(OperatorResources.EcsTaskDefinitions, ns, reference.Family, ApiJsonContext.Default.EcsTaskDefinition, cancellationToken: cancellationToken).ConfigureAwait(false);
        var revision = reference.Revision ?? td?.Status?.Revision;
        if (td is null || revision is null || !Revisions(td).Contains(revision.Value))
        {
            throw EcsApiException.Client("Unable to describe task definition.");
        }
        var recorded = await call.Client.TryGetAsync(OperatorResources.ControllerRevisions, ns, ControllerRevisionBuilder.Name(reference.Family, revision.Value),
            WorkloadsJsonContext.Default.ControllerRevision, cancellationToken: cancellationToken).ConfigureAwait(false);
        var spec = recorded?.Data?.Deserialize(ApiJsonContext.Default.EcsTaskDefinitionSpec)
            ?? throw EcsApiException.Client("Unable to describe task definition.");
        return (td, revision.Value, spec);
    }

    /// <summary>Waits (briefly) for the operator to record the revision of the spec just applied; if it is not
    /// running, answers with the number it will give it (the next after every recorded one).</summary>
    private static async Task<(int Revision, DateTimeOffset? RegisteredAt)> WaitForRevisionAsync(EcsApiCall call, EcsTaskDefinition applied, CancellationToken cancellationToken)
    {
        var hash = ControllerRevisionBuilder.SpecHash(applied.Spec);
        var started = call.Time.GetTimestamp();
        var td = applied;
        while (true)
        {
            if (td.Status?.History?.LastOrDefault(h => h.Hash == hash) is { } recorded
                && (td.Status.Revision is null || recorded.Revision == td.Status.Revision))
            {
                return (recorded.Revision, recorded.CreatedAt);
            }
            if (call.Time.GetElapsedTime(started) > RevisionWait)
            {
                var highest = Math.Max(Revisions(td).DefaultIfEmpty(0).Max(), td.Status?.Revision ?? 0);
                return (highest + 1, call.Time.GetUtcNow());
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), call.Time, cancellationToken).ConfigureAwait(false);
            td = await call.Client.GetAsync(OperatorResources.EcsTaskDefinitions, applied.Metadata.Namespace, applied.Metadata.Name!,
                ApiJsonContext.Default.EcsTaskDefinition, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private static Dictionary<string, string>? KeepDeregistered(EcsTaskDefinition? live) =>
        live?.Metadata.Annotations?.TryGetValue(DeregisteredAnnotation, out var value) == true
            ? new Dictionary<string, string> { [DeregisteredAnnotation] = value }
            : null;

    internal static IReadOnlyList<int> Deregistered(EcsTaskDefinition td) =>
        td.Metadata.Annotations?.TryGetValue(DeregisteredAnnotation, out var text) == true
            ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(t => int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).Where(n => n > 0).ToList()
            : [];

    private static string Format(IEnumerable<int> revisions) =>
        string.Join(',', revisions.Order().Select(r => r.ToString(CultureInfo.InvariantCulture)));

    /// <summary>ECS's TaskDefinition: the spec as registered (without tags, which ECS answers beside it) plus what
    /// ECS adds.</summary>
    private static JsonObject Shape(EcsApiCall call, EcsTaskDefinitionSpec spec, string family, int revision, DateTimeOffset? registeredAt, IReadOnlyList<int> deregistered)
    {
        var shape = new JsonObject { ["taskDefinitionArn"] = call.Arns.TaskDefinition(family, revision) };
        foreach (var (name, value) in JsonSerializer.SerializeToNode(spec with { Tags = null }, ApiJsonContext.Default.EcsTaskDefinitionSpec)!.AsObject().ToList())
        {
            shape[name] = value?.DeepClone();
        }
        shape["family"] = family;
        shape["revision"] = revision;
        shape["status"] = deregistered.Contains(revision) ? "INACTIVE" : "ACTIVE";
        shape["volumes"] ??= new JsonArray();
        shape["placementConstraints"] ??= new JsonArray();
        shape["compatibilities"] = new JsonArray("EC2", "EXTERNAL");
        if (registeredAt is { } at)
        {
            shape["registeredAt"] = EcsApiCall.Epoch(at);
        }
        shape["registeredBy"] = call.Caller.AccessKeyId;
        return shape;
    }
}
