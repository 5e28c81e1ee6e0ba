using System.Text.Json.Nodes;

namespace EcsBridge.UnitTests.Install;

/// <summary>values.yaml against values.schema.json, which Helm enforces on install, upgrade, lint and template.</summary>
public sealed class ValuesSchemaTests
{
    private static JsonObject Schema() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(InstallFiles.Chart, "values.schema.json")))!.AsObject();

    private static JsonObject DefaultValues() =>
        InstallFiles.LoadObjects(Path.Combine(InstallFiles.Chart, "values.yaml")).Single();

    [Fact]
    public void Default_values_are_valid_against_the_schema()
    {
        new SchemaSubsetValidator(Schema()).Validate(DefaultValues()).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("replicaCount", "0", "below the minimum")]
    [InlineData("replicaCount", "\"2\"", "expected \"integer\"")]
    [InlineData("image", "{\"repository\":\"ecsbridge\",\"pullPolicy\":\"Sometimes\"}", "is not one of")]
    [InlineData("image", "{\"pullPolicy\":\"Always\"}", "required property 'repository'")]
    [InlineData("watchNamespaces", "[\"Team_A\"]", "does not match")]
    [InlineData("logFormat", "\"xml\"", "is not one of")]
    [InlineData("concurrency", "1.5", "expected \"integer\"")]
    [InlineData("securityContext", "{\"allowPrivilegeEscalation\":true}", "is not one of")]
    [InlineData("podSecurityContext", "{\"seccompProfile\":{\"type\":\"Unconfined\"}}", "is not one of")]
    [InlineData("metrics", "{\"port\":8080,\"serviceMonitor\":{\"interval\":\"often\"}}", "does not match")]
    [InlineData("replicas", "2", "property is not allowed")]
    [InlineData("ecsApi", "{\"enabled\":true,\"accountId\":123456789012}", "expected \"string\"")]
    [InlineData("ecsApi", "{\"enabled\":true,\"accountId\":\"12345\"}", "does not match")]
    [InlineData("ecsApi", "{\"enabled\":true,\"region\":\"Mars\"}", "does not match")]
    public void Bad_values_are_rejected(string key, string json, string expectedError)
    {
        var values = DefaultValues();
        values[key] = JsonNode.Parse(json);

        var errors = new SchemaSubsetValidator(Schema()).Validate(values);

        errors.ShouldNotBeEmpty();
        errors.ShouldContain(e => e.Contains(expectedError, StringComparison.Ordinal), string.Join("; ", errors));
    }

    [Fact]
    public void Every_value_in_the_schema_is_described()
    {
        var undescribed = new List<string>();
        CollectUndescribed(Schema(), "$", undescribed);

        undescribed.ShouldBeEmpty();
    }

    [Fact]
    public void Every_default_value_is_declared_in_the_schema()
    {
        // additionalProperties:false everywhere except the pass-through Kubernetes objects, so an undeclared key in
        // values.yaml fails validation; this proves the schema is closed at the top level too.
        Schema()["additionalProperties"]!.GetValue<bool>().ShouldBeFalse();
        var declared = Schema()["properties"]!.AsObject().Select(p => p.Key).ToHashSet();
        DefaultValues().Select(v => v.Key).Where(k => !declared.Contains(k)).ShouldBeEmpty();
    }

    [Fact]
    public void A_schema_keyword_outside_the_supported_subset_is_refused()
    {
        var schema = JsonNode.Parse("""{"type":"object","properties":{"a":{"type":"string","format":"uri"}}}""")!.AsObject();

        Should.Throw<NotSupportedException>(() => new SchemaSubsetValidator(schema).Validate(JsonNode.Parse("""{"a":"x"}""")));
    }

    private static void CollectUndescribed(JsonObject schema, string path, List<string> undescribed)
    {
        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (name, child) in properties)
            {
                var childPath = $"{path}.{name}";
                if (child is JsonObject childSchema)
                {
                    if (childSchema["description"] is null)
                    {
                        undescribed.Add(childPath);
                    }
                    CollectUndescribed(childSchema, childPath, undescribed);
                }
            }
        }
        if (schema["items"] is JsonObject items)
        {
            CollectUndescribed(items, path + "[]", undescribed);
        }
    }
}
