using System.Text.Json.Nodes;

namespace EcsBridge.IntegrationTests.Infrastructure;

/// <summary>What one field manager's apply can change on an object: its own managedFields entry and the values at
/// the paths that entry lists (fieldsV1). Controllers writing status or their own annotations change neither, so
/// comparing these before and after a second apply tells whether that apply wrote, even when the resourceVersion
/// moved for other reasons.</summary>
internal static class OwnedFields
{
    /// <summary>The manager's Apply entry in metadata.managedFields, or null.</summary>
    public static JsonObject? Entry(JsonNode obj, string manager) =>
        (obj["metadata"]?["managedFields"] as JsonArray)?.OfType<JsonObject>()
            .SingleOrDefault(m => m["manager"]?.GetValue<string>() == manager && m["operation"]?.GetValue<string>() == "Apply");

    /// <summary>The object's values at every path of <paramref name="fieldsV1"/>, keyed as fieldsV1 keys them
    /// (f:name, k:{list keys}, v:set value); a missing value projects to null.</summary>
    public static JsonObject Project(JsonNode? value, JsonObject fieldsV1)
    {
        var result = new JsonObject();
        foreach (var (key, child) in fieldsV1)
        {
            if (key == ".")
            {
                continue;
            }
            var target = Select(value, key);
            result[key] = child is JsonObject { Count: > 0 } nested && target is not null ? Project(target, nested) : target?.DeepClone();
        }
        return result;
    }

    private static JsonNode? Select(JsonNode? value, string key)
    {
        if (key.StartsWith("f:", StringComparison.Ordinal))
        {
            return value is JsonObject obj ? obj[key[2..]] : null;
        }
        if (key.StartsWith("k:", StringComparison.Ordinal))
        {
            var keys = JsonNode.Parse(key[2..])!.AsObject();
            return (value as JsonArray)?.OfType<JsonObject>()
                .FirstOrDefault(item => keys.All(k => JsonNode.DeepEquals(item[k.Key], k.Value)));
        }
        if (key.StartsWith("v:", StringComparison.Ordinal))
        {
            var wanted = JsonNode.Parse(key[2..]);
            return (value as JsonArray)?.FirstOrDefault(item => JsonNode.DeepEquals(item, wanted))?.DeepClone();
        }
        if (key.StartsWith("i:", StringComparison.Ordinal) && int.TryParse(key.AsSpan(2), out var index))
        {
            return value is JsonArray array && index < array.Count ? array[index] : null;
        }
        throw new InvalidOperationException("unknown fieldsV1 key " + key);
    }
}
