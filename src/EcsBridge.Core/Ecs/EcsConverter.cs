using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using EcsBridge.Api;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.Core.Ecs;

/// <summary>AWS ECS JSON (describe-task-definition, register-task-definition input, a bare containerDefinitions
/// array, describe-services, create-service input, Application Auto Scaling targets and policies) and
/// EcsBridge YAML → <see cref="EcsTaskDefinition"/> and <see cref="EcsService"/> objects. Pure: no I/O.</summary>
public static class EcsConverter
{
    private static readonly LenientNormalizer Normalizer = new(ApiJsonContext.Default.Options);

    /// <summary>Converts every item of the input. Throws <see cref="EcsInputException"/> listing every problem
    /// (one per line) when any item cannot be converted.</summary>
    public static ConversionResult Convert(IReadOnlyList<InputDocument> documents, ConvertOptions options)
    {
        var diagnostics = new List<Diagnostic>();
        var errors = new List<string>();
        var items = EcsInputClassifier.Classify(documents, diagnostics);
        var scaling = AutoScalingInput.Collect(items, diagnostics, errors);
        var objects = new List<object>();
        foreach (var item in items)
        {
            object? converted = item.Shape switch
            {
                EcsInputShape.DescribeTaskDefinition or EcsInputShape.RegisterTaskDefinition or EcsInputShape.ContainerDefinitions
                    => ConvertTaskDefinition(item, options, diagnostics, errors),
                EcsInputShape.DescribeServices or EcsInputShape.CreateService or EcsInputShape.UpdateService
                    => ConvertService(item, options, scaling, diagnostics, errors),
                EcsInputShape.KubernetesObject => ReadKubernetesObject(item, options, diagnostics, errors),
                _ => null,
            };
            if (converted is not null)
            {
                objects.Add(converted);
            }
        }
        scaling.ReportUnused(diagnostics);
        if (errors.Count == 0)
        {
            // What convert prints must apply: hold every object to the CRD's schema before the operator's rules.
            for (var i = 0; i < objects.Count; i++)
            {
                objects[i] = CrdConformance.Apply(objects[i], diagnostics, errors);
            }
        }
        if (errors.Count == 0)
        {
            ConversionValidation.Validate(objects, diagnostics, errors);
        }
        if (errors.Count > 0)
        {
            throw new EcsInputException(string.Join('\n', errors));
        }
        ReportDuplicates(objects, diagnostics);
        return new ConversionResult { Objects = objects, Diagnostics = diagnostics };
    }

    /// <summary>The object as the JSON the API server would store (camelCase, nulls omitted).</summary>
    public static JsonObject ToJson(object resource) => resource switch
    {
        EcsTaskDefinition taskDefinition => JsonSerializer.SerializeToNode(taskDefinition, ApiJsonContext.Default.EcsTaskDefinition)!.AsObject(),
        EcsService service => JsonSerializer.SerializeToNode(service, ApiJsonContext.Default.EcsService)!.AsObject(),
        _ => throw new ArgumentException($"not an EcsBridge object: {resource.GetType().Name}", nameof(resource)),
    };

    /// <summary>How messages name an object: `ecstaskdefinition/web`, as kubectl does.</summary>
    public static string Reference(string kind, string name) => kind.ToLowerInvariant() + "/" + name;

    private static EcsTaskDefinition? ConvertTaskDefinition(EcsInputItem item, ConvertOptions options, List<Diagnostic> diagnostics, List<string> errors)
    {
        var body = item.Body.DeepClone().AsObject();
        var prefix = ErrorPrefix(item);
        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (EcsInputClassifier.Text(body["taskDefinitionArn"]) is { } arn)
        {
            annotations[ConvertAnnotations.SourceArn] = arn;
        }
        if (body["revision"] is JsonValue revision && revision.GetValueKind() is JsonValueKind.Number or JsonValueKind.String)
        {
            annotations[ConvertAnnotations.SourceRevision] = revision.GetValueKind() == JsonValueKind.String ? revision.GetValue<string>() : revision.ToJsonString();
        }
        foreach (var key in ReadOnlyFields.TaskDefinition)
        {
            body.Remove(key);
        }
        if (item.SiblingTags is { } tags && body["tags"] is null)
        {
            body["tags"] = tags.DeepClone();
        }

        var family = EcsInputClassifier.Text(body["family"]);
        if (family is null && item.Shape == EcsInputShape.ContainerDefinitions)
        {
            family = EcsInputClassifier.Text((body["containerDefinitions"] as JsonArray)?[0]?["name"]);
            if (family is not null)
            {
                diagnostics.Add(Diagnostic.Note(item.Origin, $"containerDefinitions without a family; the family is the first container's name, '{family}'"));
            }
        }
        if (family is null)
        {
            errors.Add($"{prefix}family: required, but {(body["family"] is null ? "missing" : "not text")}");
            return null;
        }
        var name = EcsNames.ToObjectName(family);
        if (name is null)
        {
            errors.Add($"{prefix}family: '{family}' has no letters or digits to make a name from");
            return null;
        }
        var reference = Reference(GroupVersion.TaskDefinitionKind, name);
        if (name != family)
        {
            annotations[ConvertAnnotations.OriginalFamily] = family;
            diagnostics.Add(Diagnostic.Note(reference, $"family '{family}' is not a Kubernetes name; named '{name}' (the original is kept in the annotation {ConvertAnnotations.OriginalFamily})"));
        }
        body["family"] = name;

        var spec = Deserialize(body, ApiJsonContext.Default.EcsTaskDefinitionSpec, reference + ".spec", prefix, diagnostics, errors);
        return spec is null ? null : new EcsTaskDefinition
        {
            Metadata = Metadata(name, options.Namespace, annotations),
            Spec = spec,
        };
    }

    private static EcsService? ConvertService(EcsInputItem item, ConvertOptions options, AutoScalingInput scaling, List<Diagnostic> diagnostics, List<string> errors)
    {
        var body = item.Body.DeepClone().AsObject();
        var prefix = ErrorPrefix(item);
        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (EcsInputClassifier.Text(body["serviceArn"]) is { } arn)
        {
            annotations[ConvertAnnotations.SourceArn] = arn;
        }
        var clusterArn = EcsInputClassifier.Text(body["clusterArn"]);
        foreach (var key in ReadOnlyFields.Service)
        {
            body.Remove(key);
        }
        if (item.Shape == EcsInputShape.UpdateService)
        {
            ReadUpdateService(body, item.Origin, options, diagnostics);
        }

        var serviceName = EcsInputClassifier.Text(body["serviceName"]);
        if (serviceName is null)
        {
            errors.Add($"{prefix}serviceName: required, but {(body["serviceName"] is null ? "missing" : "not text")}");
            return null;
        }
        var name = EcsNames.ToServiceName(serviceName);
        if (name is null)
        {
            errors.Add($"{prefix}serviceName: '{serviceName}' has no letters or digits to make a name from");
            return null;
        }
        var reference = Reference(GroupVersion.ServiceKind, name);
        if (name != serviceName)
        {
            annotations[ConvertAnnotations.OriginalServiceName] = serviceName;
            diagnostics.Add(Diagnostic.Note(reference, $"serviceName '{serviceName}' is not a Kubernetes name; named '{name}' (the original is kept in the annotation {ConvertAnnotations.OriginalServiceName})"));
        }
        body["serviceName"] = name;

        // `cluster` stays in the spec and the validators report it; describe output only has the read-only ARN.
        if (body["cluster"] is null && clusterArn is not null)
        {
            diagnostics.Add(Diagnostic.Note($"{reference}.clusterArn", $"'{clusterArn}': the namespace plays the cluster's role{(options.Namespace is null ? " (set it with --namespace)" : "")}"));
        }
        if (EcsInputClassifier.Text(body["taskDefinition"]) is { } taskDefinition)
        {
            var reduced = EcsNames.ToTaskDefinitionReference(taskDefinition);
            if (reduced is null)
            {
                errors.Add($"{prefix}taskDefinition: '{taskDefinition}' is not family, family:revision or a task definition ARN");
                return null;
            }
            if (reduced != taskDefinition)
            {
                diagnostics.Add(Diagnostic.Note($"{reference}.spec.taskDefinition", $"'{taskDefinition}' read as '{reduced}'"));
            }
            body["taskDefinition"] = reduced;
        }
        if (scaling.Take(name, out var autoScaling, out var autoScalingOrigin))
        {
            if (body["autoScaling"] is not null)
            {
                diagnostics.Add(Diagnostic.Warning($"{reference}.spec.autoScaling", $"replaced by the scalable target in {autoScalingOrigin}"));
            }
            body["autoScaling"] = autoScaling;
        }

        var spec = Deserialize(body, ApiJsonContext.Default.EcsServiceSpec, reference + ".spec", prefix, diagnostics, errors);
        return spec is null ? null : new EcsService
        {
            Metadata = Metadata(name, options.Namespace, annotations),
            Spec = spec,
        };
    }

    /// <summary>update-service names its service by `service` (a name or ARN) and forces a restart with
    /// `forceNewDeployment`; the EcsService that results is the whole service, so fields update-service leaves out
    /// (taskDefinition above all) must be in the input.</summary>
    private static void ReadUpdateService(JsonObject body, string origin, ConvertOptions options, List<Diagnostic> diagnostics)
    {
        if (EcsInputClassifier.Text(body["service"]) is { } service && body["serviceName"] is null)
        {
            // An ARN ends in …:service/<cluster>/<name> (or the older …:service/<name>).
            body["serviceName"] = service[(service.LastIndexOf('/') + 1)..];
        }
        body.Remove("service");
        if (body["forceNewDeployment"] is JsonNode force)
        {
            body.Remove("forceNewDeployment");
            if (force.GetValueKind() == System.Text.Json.JsonValueKind.True)
            {
                var token = options.Time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
                body["forceNewDeploymentToken"] = token;
                diagnostics.Add(Diagnostic.Note($"{origin}: forceNewDeployment",
                    $"true → spec.forceNewDeploymentToken '{token}': applying it replaces every task; set a new value to force another deployment"));
            }
        }
    }

    private static object? ReadKubernetesObject(EcsInputItem item, ConvertOptions options, List<Diagnostic> diagnostics, List<string> errors)
    {
        var body = item.Body.DeepClone().AsObject();
        var prefix = ErrorPrefix(item);
        var kind = EcsInputClassifier.Text(body["kind"])!;
        var name = EcsInputClassifier.Text(body["metadata"]?["name"]);
        if (name is null || !EcsNames.IsObjectName(name))
        {
            errors.Add($"{prefix}{kind}: metadata.name {(name is null ? "is missing" : $"'{name}' is not a DNS-1123 name of at most {EcsNames.MaxLength} characters")}");
            return null;
        }
        if (body["metadata"] is JsonObject metadata)
        {
            foreach (var key in ReadOnlyFields.Metadata)
            {
                metadata.Remove(key);
            }
            if (options.Namespace is not null)
            {
                metadata["namespace"] = options.Namespace;
            }
        }
        var reference = Reference(kind, name);
        return kind == GroupVersion.TaskDefinitionKind
            ? Deserialize(body, ApiJsonContext.Default.EcsTaskDefinition, reference, prefix, diagnostics, errors)
            : Deserialize(body, ApiJsonContext.Default.EcsService, reference, prefix, diagnostics, errors);
    }

    private static T? Deserialize<T>(JsonObject body, JsonTypeInfo<T> typeInfo, string path, string prefix, List<Diagnostic> diagnostics, List<string> errors)
        where T : class
    {
        var found = new List<string>();
        var normalized = Normalizer.Normalize(body, typeof(T), path, diagnostics, found);
        if (found.Count > 0)
        {
            errors.AddRange(found.Select(e => prefix + e));
            return null;
        }
        try
        {
            return normalized!.Deserialize(typeInfo) ?? throw new JsonException("the document is null");
        }
        catch (JsonException ex)
        {
            var at = ex.Path is { Length: > 1 } p ? path + p.TrimStart('$') : path;
            errors.Add($"{prefix}{at}: {ex.Message.Split(" Path:")[0]}");
            return null;
        }
    }

    private static ObjectMeta Metadata(string name, string? ns, SortedDictionary<string, string> annotations) => new()
    {
        Name = name,
        Namespace = ns,
        Annotations = annotations.Count == 0 ? null : annotations,
    };

    private static string ErrorPrefix(EcsInputItem item) => item.Origin == "input" ? "" : item.Origin + ": ";

    private static void ReportDuplicates(List<object> objects, List<Diagnostic> diagnostics)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resource in objects)
        {
            var (kind, meta) = resource switch
            {
                EcsTaskDefinition t => (GroupVersion.TaskDefinitionKind, t.Metadata),
                EcsService s => (GroupVersion.ServiceKind, s.Metadata),
                _ => ("", new ObjectMeta()),
            };
            var reference = Reference(kind, meta.Name!);
            if (!seen.Add(reference + "@" + meta.Namespace))
            {
                diagnostics.Add(Diagnostic.Warning(reference, "appears more than once; kubectl apply keeps the last one"));
            }
        }
    }
}
