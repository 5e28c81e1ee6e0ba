using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace EcsBridge.UnitTests.Api;

/// <summary>The proof against AWS's own model rather than our reading of it: every member of the ECS request shapes
/// that the custom resources take (RegisterTaskDefinitionRequest with ContainerDefinition, Volume and everything
/// reachable from them; CreateServiceRequest; UpdateServiceRequest), read from the botocore service model shipped
/// with the AWS CLI on the machine, must be accepted by the generated CRD schema (config/crd/bases) with a
/// compatible type and every ECS enum value, or be listed below with the reason it is not part of the spec.</summary>
public sealed class EcsModelCoverageTests(ITestOutputHelper output)
{
    private const string DebianBotocore = "/usr/lib/python3/dist-packages/botocore";

    /// <summary>Members of the request shapes that are not EcsService spec fields, each with why.</summary>
    private static readonly IReadOnlyDictionary<string, string> Exclusions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["CreateServiceRequest.clientToken"] = "an idempotency token of one API call, not a property of the service; convert drops it",
        ["UpdateServiceRequest.service"] = "names the service to update: convert reads it as spec.serviceName (and metadata.name)",
        ["UpdateServiceRequest.forceNewDeployment"] = "an action of one API call (restart the tasks); its declarative form is spec.forceNewDeploymentToken, which convert sets from it",
    };

    /// <summary>Which CRD's spec schema each request shape is checked against.</summary>
    private static readonly (string Shape, string Crd)[] Roots =
    [
        ("RegisterTaskDefinitionRequest", "ecsbridge.io_ecstaskdefinitions.yaml"),
        ("CreateServiceRequest", "ecsbridge.io_ecsservices.yaml"),
        ("UpdateServiceRequest", "ecsbridge.io_ecsservices.yaml"),
    ];

    [Fact]
    public void Every_member_of_the_ecs_request_shapes_is_accepted_by_the_crd_schema_or_excluded_with_a_reason()
    {
        var (modelPath, model) = LoadModel();
        var shapes = model["shapes"]!.AsObject();
        output.WriteLine($"ECS model: {modelPath} (apiVersion {model["metadata"]?["apiVersion"]})");

        var walk = new Walk(shapes);
        foreach (var (shape, crd) in Roots)
        {
            shapes.ContainsKey(shape).ShouldBeTrue($"the model has no {shape}");
            walk.Structure(shape, shape, SpecSchema(crd), []);
        }

        // The shapes the issue names must have been reached, so a renamed shape cannot make the walk pass vacuously.
        walk.Reached.ShouldContain("ContainerDefinition");
        walk.Reached.ShouldContain("Volume");
        walk.Members.ShouldBeGreaterThan(150);

        var staleExclusions = Exclusions.Keys.Where(walk.Accepted.Contains).ToList();
        var unknownExclusions = Exclusions.Keys.Where(k => !walk.Accepted.Contains(k) && !walk.Failures.ContainsKey(k)).ToList();
        var failures = walk.Failures.Where(f => !Exclusions.ContainsKey(f.Key)).ToList();
        var excluded = walk.Failures.Count(f => Exclusions.ContainsKey(f.Key));

        foreach (var (member, reason) in Exclusions.Where(e => walk.Failures.ContainsKey(e.Key)))
        {
            output.WriteLine($"excluded: {member}: {reason}");
        }
        foreach (var (member, problem) in failures)
        {
            output.WriteLine($"NOT ACCEPTED: {member}: {problem}");
        }
        var covered = walk.Accepted.Count + excluded;
        output.WriteLine($"coverage: {covered} of {walk.Members} request members ({100.0 * covered / walk.Members:0.0} %): " +
            $"{walk.Accepted.Count} accepted with a compatible type, {excluded} excluded with a reason, {failures.Count} not accepted");

        staleExclusions.ShouldBeEmpty("these members are accepted by the schema now: remove them from Exclusions");
        unknownExclusions.ShouldBeEmpty("these exclusions name no member of the model");
        failures.Select(f => $"{f.Key}: {f.Value}").ShouldBeEmpty();
        covered.ShouldBe(walk.Members);
    }

    /// <summary>Walks model shapes alongside schema nodes; records each structure member's verdict by its path.</summary>
    private sealed class Walk(JsonObject shapes)
    {
        public int Members { get; private set; }

        public HashSet<string> Accepted { get; } = new(StringComparer.Ordinal);

        public SortedDictionary<string, string> Failures { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Reached { get; } = new(StringComparer.Ordinal);

        public void Structure(string shapeName, string path, JsonObject schema, HashSet<string> stack)
        {
            Reached.Add(shapeName);
            var shape = shapes[shapeName]!.AsObject();
            var properties = schema["properties"] as JsonObject;
            foreach (var (memberName, member) in shape["members"]!.AsObject())
            {
                Members++;
                var memberPath = $"{path}.{memberName}";
                var memberShape = member!["shape"]!.GetValue<string>();
                if (properties?[memberName] is not JsonObject memberSchema)
                {
                    Failures[memberPath] = $"no property '{memberName}' in the schema (it would be pruned)";
                    continue;
                }
                if (Check(memberShape, memberPath, memberSchema, stack) is { } problem)
                {
                    Failures[memberPath] = problem;
                }
                else
                {
                    Accepted.Add(memberPath);
                }
            }
        }

        /// <summary>Null when the schema takes every value of the shape; else what is wrong. Nested structures
        /// record their own members.</summary>
        private string? Check(string shapeName, string path, JsonObject schema, HashSet<string> stack)
        {
            var shape = shapes[shapeName]!.AsObject();
            var type = shape["type"]!.GetValue<string>();
            var schemaType = schema["type"]?.GetValue<string>();
            var intOrString = schema["x-kubernetes-int-or-string"]?.GetValue<bool>() == true;
            switch (type)
            {
                case "string":
                    if (schemaType != "string" && !intOrString)
                    {
                        return $"a string in ECS, {Describe(schema)} in the schema";
                    }
                    if (shape["enum"] is JsonArray values && schema["enum"] is JsonArray allowed)
                    {
                        var missing = values.Select(v => v!.GetValue<string>()).Except(allowed.Select(a => a!.GetValue<string>()), StringComparer.Ordinal).ToList();
                        if (missing.Count > 0)
                        {
                            return $"the schema's enum refuses ECS values {string.Join(", ", missing)}";
                        }
                    }
                    return null;
                case "timestamp" or "blob":
                    return schemaType == "string" ? null : $"a {type} in ECS (text in JSON), {Describe(schema)} in the schema";
                case "integer" or "long":
                    return schemaType == "integer" ? null : $"an {type} in ECS, {Describe(schema)} in the schema";
                case "double" or "float":
                    return schemaType == "number" ? null : $"a {type} in ECS, {Describe(schema)} in the schema";
                case "boolean":
                    return schemaType == "boolean" ? null : $"a boolean in ECS, {Describe(schema)} in the schema";
                case "list":
                    if (schemaType != "array" || schema["items"] is not JsonObject items)
                    {
                        return $"a list in ECS, {Describe(schema)} in the schema";
                    }
                    return Check(shape["member"]!["shape"]!.GetValue<string>(), path + "[]", items, stack);
                case "map":
                    if (schemaType != "object" || schema["additionalProperties"] is not JsonObject values2)
                    {
                        return $"a map in ECS, {Describe(schema)} (without additionalProperties) in the schema";
                    }
                    return Check(shape["value"]!["shape"]!.GetValue<string>(), path + "{}", values2, stack);
                case "structure" when shape["document"]?.GetValue<bool>() == true:
                    // A document is free-form JSON: only a preserve-unknown-fields object keeps it whole.
                    return schemaType == "object" && schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true
                        ? null
                        : $"a free-form document in ECS, {Describe(schema)} without x-kubernetes-preserve-unknown-fields in the schema";
                case "structure":
                    if (schemaType != "object" || schema["properties"] is not JsonObject)
                    {
                        return $"a structure in ECS, {Describe(schema)} (without properties) in the schema";
                    }
                    if (!stack.Add(shapeName))
                    {
                        return null; // recursive shape: its members are checked on the way in
                    }
                    Structure(shapeName, path, schema, stack);
                    stack.Remove(shapeName);
                    return null;
                default:
                    return $"model type '{type}' is not mapped by this test";
            }
        }

        private static string Describe(JsonObject schema) =>
            schema["type"]?.GetValue<string>() is { } t ? $"type {t}" : schema["x-kubernetes-int-or-string"] is not null ? "int-or-string" : "no type";
    }

    private static JsonObject SpecSchema(string crdFile)
    {
        var path = Path.Combine(RepositoryPaths.Root, "config", "crd", "bases", crdFile);
        var crd = YamlDocuments.Read(File.ReadAllText(path)).Single();
        return crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!.AsObject();
    }

    /// <summary>The ECS model of the AWS CLI on the machine: the botocore python3 imports (pip's, as in the image),
    /// else Debian's python3-botocore. Fails, saying so, when neither is there: a missing model never passes.</summary>
    private static (string Path, JsonObject Model) LoadModel()
    {
        var tried = new List<string>();
        var roots = new List<string>();
        if (PythonBotocore(tried) is { } fromPython)
        {
            roots.Add(fromPython);
        }
        roots.Add(DebianBotocore);
        foreach (var root in roots)
        {
            var ecs = Path.Combine(root, "data", "ecs");
            if (!Directory.Exists(ecs))
            {
                tried.Add($"{ecs}: not found");
                continue;
            }
            // API versions are dated folders; the newest is the one the CLI uses.
            var file = Directory.GetDirectories(ecs).OrderBy(d => d, StringComparer.Ordinal)
                .SelectMany(d => new[] { Path.Combine(d, "service-2.json"), Path.Combine(d, "service-2.json.gz") })
                .LastOrDefault(File.Exists);
            if (file is null)
            {
                tried.Add($"{ecs}: no service-2.json(.gz)");
                continue;
            }
            using var stream = File.OpenRead(file);
            using var reader = file.EndsWith(".gz", StringComparison.Ordinal) ? new StreamReader(new GZipStream(stream, CompressionMode.Decompress)) : new StreamReader(stream);
            return (file, JsonNode.Parse(reader.ReadToEnd())!.AsObject());
        }
        throw new InvalidOperationException(
            "no ECS service model on this machine (install the AWS CLI with pip, or Debian's python3-botocore; tests/envtest/setup.sh does): "
            + string.Join("; ", tried));
    }

    private static string? PythonBotocore(List<string> tried)
    {
        try
        {
            var start = new ProcessStartInfo("python3")
            {
                ArgumentList = { "-c", "import botocore, os; print(os.path.dirname(botocore.__file__))" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(60_000))
            {
                process.Kill();
                tried.Add("python3 did not answer within 60 s");
                return null;
            }
            if (process.ExitCode != 0)
            {
                tried.Add($"python3 cannot import botocore: {stderr.Result.Trim().Split('\n').LastOrDefault()}");
                return null;
            }
            return stdout.Result.Trim();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            tried.Add($"no python3 ({ex.Message})");
            return null;
        }
    }
}
