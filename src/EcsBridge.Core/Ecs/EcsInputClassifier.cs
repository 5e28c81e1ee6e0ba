using System.Text.Json;
using System.Text.Json.Nodes;

namespace EcsBridge.Core.Ecs;

/// <summary>Recognises the shape of each input document (see <see cref="EcsInputShape"/>) and splits documents that
/// hold several items (describe-services, a JSON array of documents) into one item each.</summary>
public static class EcsInputClassifier
{
    public static IReadOnlyList<EcsInputItem> Classify(IReadOnlyList<InputDocument> documents, ICollection<Diagnostic> diagnostics)
    {
        var items = new List<EcsInputItem>();
        var errors = new List<string>();
        foreach (var document in documents)
        {
            var origin = documents.Count == 1 ? "input" : $"document {document.Index + 1} (line {document.Line})";
            Classify(document.Node, origin, items, diagnostics, errors);
        }
        if (errors.Count > 0)
        {
            throw new EcsInputException(string.Join('\n', errors));
        }
        if (items.Count == 0)
        {
            throw new EcsInputException("the input holds no task definition or service");
        }
        return items;
    }

    private static void Classify(JsonNode node, string origin, List<EcsInputItem> items, ICollection<Diagnostic> diagnostics, List<string> errors)
    {
        switch (node)
        {
            case JsonArray array when IsContainerDefinitionList(array):
                items.Add(new EcsInputItem(EcsInputShape.ContainerDefinitions, new JsonObject { ["containerDefinitions"] = array.DeepClone() }, origin));
                return;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } element)
                    {
                        Classify(element, $"{origin}[{i}]", items, diagnostics, errors);
                    }
                }
                return;
            case JsonObject obj:
                ClassifyObject(obj, origin, items, diagnostics, errors);
                return;
            default:
                errors.Add($"{origin}: expected an ECS JSON object or EcsBridge YAML, found {LenientNormalizer.Describe(node)}");
                return;
        }
    }

    private static void ClassifyObject(JsonObject obj, string origin, List<EcsInputItem> items, ICollection<Diagnostic> diagnostics, List<string> errors)
    {
        if (obj.ContainsKey("kind") || obj.ContainsKey("apiVersion"))
        {
            ClassifyKubernetesObject(obj, origin, items, diagnostics, errors);
        }
        else if (obj["taskDefinition"] is JsonObject taskDefinition)
        {
            items.Add(new EcsInputItem(EcsInputShape.DescribeTaskDefinition, taskDefinition, origin) { SiblingTags = obj["tags"] });
            WarnAboutOtherKeys(obj, origin, diagnostics, "taskDefinition", "tags");
        }
        else if (obj["services"] is JsonArray services)
        {
            for (var i = 0; i < services.Count; i++)
            {
                if (services[i] is JsonObject service)
                {
                    items.Add(new EcsInputItem(EcsInputShape.DescribeServices, service, $"{origin}, services[{i}]"));
                }
                else if (services[i] is not null)
                {
                    errors.Add($"{origin}: services[{i}]: expected an object, found {LenientNormalizer.Describe(services[i])}");
                }
            }
            if (obj["failures"] is JsonArray failures)
            {
                for (var i = 0; i < failures.Count; i++)
                {
                    var failure = failures[i] as JsonObject;
                    var what = Text(failure?["arn"]) ?? "a service";
                    var reason = Text(failure?["reason"]) ?? "no reason given";
                    var detail = Text(failure?["detail"]) is { } d ? $" ({d})" : "";
                    diagnostics.Add(Diagnostic.Note($"{origin}, failures[{i}]", $"{what}: {reason}{detail}; ignored"));
                }
            }
            WarnAboutOtherKeys(obj, origin, diagnostics, "services", "failures");
        }
        else if (obj["service"] is JsonObject service)
        {
            items.Add(new EcsInputItem(EcsInputShape.CreateService, service, origin));
            WarnAboutOtherKeys(obj, origin, diagnostics, "service");
        }
        else if (obj["service"] is JsonValue)
        {
            items.Add(new EcsInputItem(EcsInputShape.UpdateService, obj, origin));
        }
        else if (obj.ContainsKey("containerDefinitions") || obj.ContainsKey("family"))
        {
            items.Add(new EcsInputItem(EcsInputShape.RegisterTaskDefinition, obj, origin));
        }
        else if (obj.ContainsKey("serviceName") || obj["taskDefinition"] is JsonValue)
        {
            items.Add(new EcsInputItem(EcsInputShape.CreateService, obj, origin));
        }
        else if (obj["ScalableTargets"] is JsonArray targets)
        {
            AddEach(targets, EcsInputShape.ScalableTarget, $"{origin}, ScalableTargets", items, errors);
        }
        else if (obj["ScalingPolicies"] is JsonArray policies)
        {
            AddEach(policies, EcsInputShape.ScalingPolicy, $"{origin}, ScalingPolicies", items, errors);
        }
        else if (obj.Count == 0)
        {
            errors.Add($"{origin}: the document is an empty object");
        }
        else
        {
            var keys = string.Join(", ", obj.Select(p => p.Key).Take(8));
            errors.Add($"{origin}: not a task definition or service (keys: {keys}); expected describe-task-definition, " +
                "register-task-definition, describe-services, create-service or update-service JSON, or EcsTaskDefinition/EcsService YAML");
        }
    }

    private static void ClassifyKubernetesObject(JsonObject obj, string origin, List<EcsInputItem> items, ICollection<Diagnostic> diagnostics, List<string> errors)
    {
        var kind = Text(obj["kind"]);
        var apiVersion = Text(obj["apiVersion"]);
        if (kind is "List" or Api.GroupVersion.TaskDefinitionListKind or Api.GroupVersion.ServiceListKind && obj["items"] is JsonArray)
        {
            var list = (JsonArray)obj["items"]!;
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i] is { } item)
                {
                    Classify(item, $"{origin}, items[{i}]", items, diagnostics, errors);
                }
            }
            return;
        }
        if (kind is not (Api.GroupVersion.TaskDefinitionKind or Api.GroupVersion.ServiceKind))
        {
            errors.Add($"{origin}: unknown kind '{kind ?? "(none)"}'{(apiVersion is null ? "" : $" ({apiVersion})")}; " +
                $"expected {Api.GroupVersion.TaskDefinitionKind} or {Api.GroupVersion.ServiceKind} ({Api.GroupVersion.ApiVersion})");
            return;
        }
        if (apiVersion != Api.GroupVersion.ApiVersion)
        {
            errors.Add($"{origin}: {kind} has apiVersion '{apiVersion ?? "(none)"}'; expected {Api.GroupVersion.ApiVersion}");
            return;
        }
        items.Add(new EcsInputItem(EcsInputShape.KubernetesObject, obj, origin));
    }

    private static void AddEach(JsonArray array, EcsInputShape shape, string origin, List<EcsInputItem> items, List<string> errors)
    {
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonObject element)
            {
                items.Add(new EcsInputItem(shape, element, $"{origin}[{i}]"));
            }
            else if (array[i] is not null)
            {
                errors.Add($"{origin}[{i}]: expected an object, found {LenientNormalizer.Describe(array[i])}");
            }
        }
    }

    /// <summary>A JSON array is a bare containerDefinitions list when its elements are objects with an image and
    /// none of them looks like a whole document.</summary>
    private static bool IsContainerDefinitionList(JsonArray array) =>
        array.Count > 0 && array.All(e => e is JsonObject o && o.ContainsKey("image")
            && !o.ContainsKey("containerDefinitions") && !o.ContainsKey("kind") && !o.ContainsKey("taskDefinition") && !o.ContainsKey("serviceName"));

    private static void WarnAboutOtherKeys(JsonObject obj, string origin, ICollection<Diagnostic> diagnostics, params string[] known)
    {
        foreach (var (key, value) in obj)
        {
            // ResponseMetadata and the like come from SDK dumps; they carry nothing to convert.
            if (value is not null && !known.Contains(key, StringComparer.Ordinal) && key != "ResponseMetadata")
            {
                diagnostics.Add(Diagnostic.Warning($"{origin}: {key}", "unknown field; ignored"));
            }
        }
    }

    public static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
