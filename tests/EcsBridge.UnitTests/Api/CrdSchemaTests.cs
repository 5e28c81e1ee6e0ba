using System.Text.Json.Nodes;
using EcsBridge.Api;
using EcsBridge.Api.Crds;
using YamlDotNet.Serialization;

namespace EcsBridge.UnitTests.Api;

public sealed class CrdSchemaTests
{
    private static readonly JsonObject TaskDefinitionCrd = CrdGenerator.Generate(typeof(EcsTaskDefinition)).Definition;
    private static readonly JsonObject ServiceCrd = CrdGenerator.Generate(typeof(EcsService)).Definition;

    private static JsonObject Version(JsonObject crd) => crd["spec"]!["versions"]![0]!.AsObject();

    private static JsonObject Schema(JsonObject crd, params string[] path)
    {
        var node = Version(crd)["schema"]!["openAPIV3Schema"]!.AsObject();
        foreach (var segment in path)
        {
            node = segment == "[]" ? node["items"]!.AsObject() : node["properties"]![segment]!.AsObject();
        }
        return node;
    }

    [Fact]
    public void Both_kinds_are_namespaced_in_the_ecsbridge_group_with_short_names_and_the_ecs_category()
    {
        TaskDefinitionCrd["metadata"]!["name"]!.GetValue<string>().ShouldBe("ecstaskdefinitions.ecsbridge.io");
        ServiceCrd["metadata"]!["name"]!.GetValue<string>().ShouldBe("ecsservices.ecsbridge.io");
        foreach (var (crd, shortName) in new[] { (TaskDefinitionCrd, "ecstd"), (ServiceCrd, "ecssvc") })
        {
            crd["spec"]!["group"]!.GetValue<string>().ShouldBe("ecsbridge.io");
            crd["spec"]!["scope"]!.GetValue<string>().ShouldBe("Namespaced");
            crd["spec"]!["names"]!["shortNames"]![0]!.GetValue<string>().ShouldBe(shortName);
            crd["spec"]!["names"]!["categories"]![0]!.GetValue<string>().ShouldBe("ecs");
            Version(crd)["name"]!.GetValue<string>().ShouldBe("v1alpha1");
            Version(crd)["subresources"]!["status"].ShouldNotBeNull();
        }
    }

    [Fact]
    public void The_service_scale_subresource_points_at_desiredCount_runningCount_and_the_selector()
    {
        var scale = Version(ServiceCrd)["subresources"]!["scale"]!;
        scale["specReplicasPath"]!.GetValue<string>().ShouldBe(".spec.desiredCount");
        scale["statusReplicasPath"]!.GetValue<string>().ShouldBe(".status.runningCount");
        scale["labelSelectorPath"]!.GetValue<string>().ShouldBe(".status.selector");
        Schema(ServiceCrd, "status", "selector")["type"]!.GetValue<string>().ShouldBe("string");
        Version(TaskDefinitionCrd)["subresources"]!["scale"].ShouldBeNull();
    }

    [Fact]
    public void Printer_columns_come_in_the_declared_order()
    {
        static string[] Names(JsonObject crd) => [.. Version(crd)["additionalPrinterColumns"]!.AsArray().Select(c => c!["name"]!.GetValue<string>())];
        Names(TaskDefinitionCrd).ShouldBe(["Family", "Revision", "Containers", "CPU", "Memory", "Age"]);
        Names(ServiceCrd).ShouldBe(["Task Definition", "Desired", "Running", "Pending", "Rollout", "Age"]);
    }

    [Fact]
    public void Ecs_defaults_are_schema_defaults()
    {
        Schema(TaskDefinitionCrd, "spec", "containerDefinitions", "[]", "essential")["default"]!.GetValue<bool>().ShouldBeTrue();
        Schema(TaskDefinitionCrd, "spec", "containerDefinitions", "[]", "portMappings", "[]", "protocol")["default"]!.GetValue<string>().ShouldBe("tcp");
        var healthCheck = new[] { "spec", "containerDefinitions", "[]", "healthCheck" };
        Schema(TaskDefinitionCrd, [.. healthCheck, "interval"])["default"]!.GetValue<int>().ShouldBe(30);
        Schema(TaskDefinitionCrd, [.. healthCheck, "timeout"])["default"]!.GetValue<int>().ShouldBe(5);
        Schema(TaskDefinitionCrd, [.. healthCheck, "retries"])["default"]!.GetValue<int>().ShouldBe(3);
        Schema(ServiceCrd, "spec", "deploymentConfiguration", "maximumPercent")["default"]!.GetValue<int>().ShouldBe(200);
        Schema(ServiceCrd, "spec", "deploymentConfiguration", "minimumHealthyPercent")["default"]!.GetValue<int>().ShouldBe(100);
        Schema(ServiceCrd, "spec", "schedulingStrategy")["default"]!.GetValue<string>().ShouldBe("REPLICA");
    }

    [Fact]
    public void Ranges_enums_and_required_fields_are_in_the_schema()
    {
        Schema(ServiceCrd, "spec", "desiredCount")["minimum"]!.GetValue<long>().ShouldBe(0);
        Schema(ServiceCrd, "spec", "deploymentConfiguration", "minimumHealthyPercent")["maximum"]!.GetValue<long>().ShouldBe(100);
        Schema(TaskDefinitionCrd, "spec", "containerDefinitions", "[]", "healthCheck", "interval")["minimum"]!.GetValue<long>().ShouldBe(5);
        // An optional text field also takes "" and null (pasted ECS JSON; the 1.20 server-side apply sends "" as null);
        // a list's items do not.
        Schema(ServiceCrd, "spec", "schedulingStrategy")["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ShouldBe(["REPLICA", "DAEMON", ""]);
        Schema(ServiceCrd, "spec", "schedulingStrategy")["nullable"]!.GetValue<bool>().ShouldBeTrue();
        Schema(TaskDefinitionCrd, "spec", "containerDefinitions", "[]", "portMappings", "[]", "containerPortRange")["pattern"]!.GetValue<string>().ShouldBe("^$|^[0-9]+-[0-9]+$");
        Schema(TaskDefinitionCrd, "spec", "containerDefinitions", "[]", "logConfiguration", "logDriver")["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ShouldContain("",
            "pasted ECS JSON writes {\"logDriver\": \"\"} for no log configuration; the operator reads it as absent");
        Schema(ServiceCrd, "spec", "taskDefinition")["nullable"].ShouldBeNull("the spec's own required fields stay strict");
        Schema(ServiceCrd, "spec", "taskDefinition")["minLength"]!.GetValue<int>().ShouldBe(1);
        Schema(TaskDefinitionCrd, "spec", "requiresCompatibilities", "[]")["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ShouldNotContain("");
        Schema(TaskDefinitionCrd, "spec")["required"]!.AsArray().Select(v => v!.GetValue<string>()).ShouldBe(["containerDefinitions"]);
        Schema(TaskDefinitionCrd, "spec", "containerDefinitions", "[]")["required"]!.AsArray().Select(v => v!.GetValue<string>()).ShouldBe(["image", "name"]);
        Schema(TaskDefinitionCrd, "spec", "containerDefinitions")["maxItems"]!.GetValue<int>().ShouldBe(10);
        Schema(ServiceCrd, "spec")["required"]!.AsArray().Select(v => v!.GetValue<string>()).ShouldBe(["taskDefinition"]);
        Schema(ServiceCrd)["required"]!.AsArray().Select(v => v!.GetValue<string>()).ShouldBe(["spec"]);
    }

    [Fact]
    public void Task_cpu_and_memory_take_an_integer_or_a_string()
    {
        foreach (var field in new[] { "cpu", "memory" })
        {
            var schema = Schema(TaskDefinitionCrd, "spec", field);
            schema["x-kubernetes-int-or-string"]!.GetValue<bool>().ShouldBeTrue();
            schema["type"].ShouldBeNull();
        }
        Schema(TaskDefinitionCrd, "spec", "containerDefinitions", "[]", "cpu")["type"]!.GetValue<string>().ShouldBe("integer");
    }

    [Fact]
    public void Maps_are_string_valued_objects()
    {
        foreach (var path in new[] { new[] { "dockerLabels" }, ["logConfiguration", "options"] })
        {
            var schema = Schema(TaskDefinitionCrd, ["spec", "containerDefinitions", "[]", .. path]);
            schema["type"]!.GetValue<string>().ShouldBe("object");
            schema["additionalProperties"]!["type"]!.GetValue<string>().ShouldBe("string");
        }
    }

    [Fact]
    public void Conditions_are_a_list_map_keyed_by_type()
    {
        var conditions = Schema(ServiceCrd, "status", "conditions");
        conditions["x-kubernetes-list-type"]!.GetValue<string>().ShouldBe("map");
        conditions["x-kubernetes-list-map-keys"]![0]!.GetValue<string>().ShouldBe("type");
        conditions["items"]!["required"]!.AsArray().Select(v => v!.GetValue<string>()).ShouldContain("type");
    }

    [Fact]
    public void Every_field_has_a_description_so_kubectl_explain_helps()
    {
        var missing = new List<string>();
        foreach (var crd in new[] { TaskDefinitionCrd, ServiceCrd })
        {
            Walk(Schema(crd), crd["spec"]!["names"]!["kind"]!.GetValue<string>(), missing);
        }
        missing.ShouldBeEmpty();
    }

    [Fact]
    public void The_schema_is_structural_and_uses_nothing_newer_than_Kubernetes_1_20()
    {
        foreach (var crd in new[] { TaskDefinitionCrd, ServiceCrd })
        {
            var json = crd.ToJsonString();
            json.ShouldNotContain("x-kubernetes-validations");
            // nullable (apiextensions v1 since 1.16) is fine; only true is ever written, on optional objects, lists and text.
            json.ShouldNotContain("\"nullable\":false");
            json.ShouldNotContain("\"anyOf\"");
            json.ShouldNotContain("\"oneOf\"");
            AssertStructural(Schema(crd), "root");
            // The API server refuses anything but `type: object` for the root metadata.
            Schema(crd, "metadata").ToJsonString().ShouldBe("""{"type":"object"}""");
        }
    }

    [Fact]
    public void The_yaml_reads_back_as_the_same_tree()
    {
        foreach (var crd in CrdGenerator.GenerateAll())
        {
            var yaml = new DeserializerBuilder().Build().Deserialize<object>(crd.Yaml);
            var json = new SerializerBuilder().JsonCompatible().Build().Serialize(yaml);
            Normalize(JsonNode.Parse(json)!).ShouldBe(Normalize(crd.Definition));
        }
    }

    // YamlDotNet reads every scalar as a string; compare the trees with scalars as text.
    private static string Normalize(JsonNode node) => node switch
    {
        JsonObject map => "{" + string.Join(",", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + ":" + Normalize(p.Value!))) + "}",
        JsonArray list => "[" + string.Join(",", list.Select(i => Normalize(i!))) + "]",
        _ => node.GetValueKind() == System.Text.Json.JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString(),
    };

    private static void Walk(JsonObject schema, string path, List<string> missing)
    {
        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (name, child) in properties)
            {
                var childSchema = child!.AsObject();
                var childPath = $"{path}.{name}";
                var isRootMeta = path.IndexOf('.', StringComparison.Ordinal) < 0 && name is "metadata";
                if (childSchema["description"] is null && !isRootMeta)
                {
                    missing.Add(childPath);
                }
                Walk(childSchema, childPath, missing);
            }
        }
        if (schema["items"] is JsonObject items)
        {
            Walk(items, path + "[]", missing);
        }
    }

    private static void AssertStructural(JsonObject schema, string path)
    {
        var typed = schema["type"] is not null;
        var intOrString = schema["x-kubernetes-int-or-string"] is not null;
        (typed || intOrString).ShouldBeTrue($"{path} has no type");
        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (name, child) in properties)
            {
                AssertStructural(child!.AsObject(), $"{path}.{name}");
            }
        }
        if (schema["items"] is JsonObject items)
        {
            AssertStructural(items, path + "[]");
        }
    }
}
