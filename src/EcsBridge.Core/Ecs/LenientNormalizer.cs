using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace EcsBridge.Core.Ecs;

/// <summary>Prepares pasted ECS JSON for the strict, source-generated model, guided by the model's own metadata
/// (so there is no second list of fields): `null` anywhere, empty text, lists and maps are dropped as "absent"; a whole-number string where a
/// number is expected becomes a number, with a warning; keys that differ only in case (ACK's
/// `executionRoleARN`) take the model's spelling; unknown keys are warned about and dropped; values of the wrong
/// type, and missing required fields, are collected as errors.</summary>
public sealed class LenientNormalizer(JsonSerializerOptions options)
{
    /// <summary>Normalizes <paramref name="node"/> for <paramref name="type"/>. Returns the node to deserialize
    /// (possibly a replacement); adds warnings and notes to <paramref name="diagnostics"/> and problems that make
    /// the input unusable to <paramref name="errors"/>, each prefixed with its path.</summary>
    public JsonNode? Normalize(JsonNode? node, Type type, string path, ICollection<Diagnostic> diagnostics, ICollection<string> errors) =>
        Normalize(node, type, path, diagnostics, errors, nested: false);

    private JsonNode? Normalize(JsonNode? node, Type type, string path, ICollection<Diagnostic> diagnostics, ICollection<string> errors, bool nested)
    {
        if (node is null)
        {
            return null;
        }
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(JsonElement) || target == typeof(JsonNode) || target == typeof(object)
            || typeof(JsonNode).IsAssignableFrom(target))
        {
            return node;
        }
        if (!options.TryGetTypeInfo(target, out var info))
        {
            return node;
        }
        return info.Kind switch
        {
            JsonTypeInfoKind.Object => NormalizeObject(node, info, path, diagnostics, errors, nested),
            JsonTypeInfoKind.Enumerable => NormalizeList(node, info, path, diagnostics, errors),
            JsonTypeInfoKind.Dictionary => NormalizeMap(node, info, path, diagnostics, errors),
            _ => NormalizeScalar(node, target, path, diagnostics, errors),
        };
    }

    private JsonNode? NormalizeObject(JsonNode node, JsonTypeInfo info, string path, ICollection<Diagnostic> diagnostics, ICollection<string> errors, bool nested)
    {
        if (node is not JsonObject obj)
        {
            errors.Add($"{path}: expected an object, found {Describe(node)}");
            return node;
        }
        var properties = info.Properties.Where(p => p.Set is not null || p.IsExtensionData).ToList();
        var extensionData = properties.Any(p => p.IsExtensionData);
        var exact = properties.Where(p => !p.IsExtensionData).ToDictionary(p => p.Name, StringComparer.Ordinal);
        var result = new JsonObject();
        // True while every member is empty ("", null, [], {} or an object of such): ECS exports write
        // "repositoryCredentials": {"credentialsParameter": ""} and "host": {} for "not set", so such an object is absent.
        var onlyEmpty = true;
        // Zeros too ("healthCheck": {"command": [], "interval": 0}): only when the object is unusable anyway (a
        // required field is missing), so a meaningful 0 is never dropped.
        var onlyEmptyOrZero = true;
        foreach (var (key, value) in obj.ToList())
        {
            // ECS output writes "" for unset text ("taskRoleArn": ""); for an env value "" and absent mean the
            // same on Kubernetes too. Server-side apply on 1.20 also reads "" as null and rejects it.
            if (value is null || value is JsonValue text && text.GetValueKind() == JsonValueKind.String && text.GetValue<string>().Length == 0)
            {
                continue;
            }
            if (!IsEmptyShape(value))
            {
                onlyEmpty = false;
            }
            if (!IsEmptyShape(value, zeroIsEmpty: true))
            {
                onlyEmptyOrZero = false;
            }
            var childPath = Join(path, key);
            if (!exact.TryGetValue(key, out var property))
            {
                var folded = exact.Values.Where(p => string.Equals(p.Name, key, StringComparison.OrdinalIgnoreCase)).ToList();
                if (folded.Count == 1)
                {
                    property = folded[0];
                    diagnostics.Add(Diagnostic.Note(childPath, $"read as '{property.Name}'"));
                }
            }
            if (property is null)
            {
                if (extensionData)
                {
                    result[key] = value.DeepClone();
                }
                else
                {
                    diagnostics.Add(Diagnostic.Warning(childPath, "unknown field; ignored"));
                }
                continue;
            }
            if (result.ContainsKey(property.Name))
            {
                errors.Add($"{childPath}: '{property.Name}' is given twice (spelled differently)");
                continue;
            }
            var normalized = Normalize(value.DeepClone(), property.PropertyType, Join(path, property.Name), diagnostics, errors, nested: true);
            // ECS writes "mountPoints": [] and "dockerLabels": {} for "none"; absent says the same, once.
            if (normalized is not null && !IsEmptyCollection(normalized, property.PropertyType))
            {
                result[property.Name] = normalized;
            }
        }
        if (result.Count == 0 && onlyEmpty && nested)
        {
            diagnostics.Add(Diagnostic.Note(path, obj.Count == 0 ? "{} is read as absent" : "has only empty values; read as absent"));
            return null;
        }
        if (nested && onlyEmptyOrZero && properties.Any(p => p.IsRequired && !result.ContainsKey(p.Name)))
        {
            diagnostics.Add(Diagnostic.Note(path, "has only empty values and zeros, and lacks its required fields; read as absent"));
            return null;
        }
        foreach (var required in properties.Where(p => p.IsRequired && !result.ContainsKey(p.Name)))
        {
            errors.Add($"{Join(path, required.Name)}: required, but missing");
        }
        return result;
    }

    private JsonNode? NormalizeList(JsonNode node, JsonTypeInfo info, string path, ICollection<Diagnostic> diagnostics, ICollection<string> errors)
    {
        if (node is not JsonArray array)
        {
            errors.Add($"{path}: expected a list, found {Describe(node)}");
            return node;
        }
        var result = new JsonArray();
        var index = 0;
        foreach (var item in array)
        {
            var normalized = Normalize(item?.DeepClone(), info.ElementType!, $"{path}[{index}]", diagnostics, errors, nested: true);
            if (normalized is not null)
            {
                result.Add(normalized);
            }
            index++;
        }
        return result;
    }

    private JsonNode? NormalizeMap(JsonNode node, JsonTypeInfo info, string path, ICollection<Diagnostic> diagnostics, ICollection<string> errors)
    {
        if (node is not JsonObject obj)
        {
            errors.Add($"{path}: expected a map of keys to values, found {Describe(node)}");
            return node;
        }
        var result = new JsonObject();
        foreach (var (key, value) in obj)
        {
            var normalized = Normalize(value?.DeepClone(), info.ElementType!, $"{path}.{key}", diagnostics, errors, nested: true);
            if (normalized is not null)
            {
                result[key] = normalized;
            }
        }
        return result;
    }

    private static JsonNode? NormalizeScalar(JsonNode node, Type target, string path, ICollection<Diagnostic> diagnostics, ICollection<string> errors)
    {
        if (target == typeof(string))
        {
            return node switch
            {
                // Plain YAML (`value: 8080`, `value: true`) yields numbers and booleans where ECS has strings;
                // the text is unambiguous, so take it without a warning.
                JsonValue value when value.GetValueKind() is JsonValueKind.String => node,
                JsonValue value when value.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False
                    => JsonValue.Create(value.ToJsonString()),
                _ => Fail(errors, path, $"expected text, found {Describe(node)}", node),
            };
        }
        if (target == typeof(bool))
        {
            return node switch
            {
                JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => node,
                JsonValue value when value.GetValueKind() is JsonValueKind.String
                    && bool.TryParse(value.GetValue<string>().Trim(), out var flag) => Warn(diagnostics, path,
                        $"the string \"{value.GetValue<string>()}\" where true or false is expected; read as {(flag ? "true" : "false")}", JsonValue.Create(flag)),
                _ => Fail(errors, path, $"expected true or false, found {Describe(node)}", node),
            };
        }
        if (IsWholeNumberType(target) || IsRealNumberType(target))
        {
            var whole = IsWholeNumberType(target);
            var expected = whole ? "a whole number" : "a number";
            if (node is not JsonValue value)
            {
                return Fail(errors, path, $"expected {expected}, found {Describe(node)}", node);
            }
            switch (value.GetValueKind())
            {
                case JsonValueKind.Number:
                    if (whole && !FitsWholeNumber(value.ToJsonString(), target))
                    {
                        return Fail(errors, path, $"expected {expected}{RangeOf(target)}, found {value.ToJsonString()}", node);
                    }
                    return node;
                case JsonValueKind.String:
                    var text = value.GetValue<string>().Trim();
                    if (whole && FitsWholeNumber(text, target)
                        || !whole && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
                    {
                        var number = JsonNode.Parse(whole ? decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) : NormalizeReal(text));
                        return Warn(diagnostics, path, $"the string \"{value.GetValue<string>()}\" where a number is expected; read as {number!.ToJsonString()}", number);
                    }
                    return Fail(errors, path, $"expected {expected}, found \"{value.GetValue<string>()}\"", node);
                default:
                    return Fail(errors, path, $"expected {expected}, found {Describe(node)}", node);
            }
        }
        return node;
    }

    /// <summary>"", null, [], {}, 0 when <paramref name="zeroIsEmpty"/>, or an object whose members are all of these.</summary>
    private static bool IsEmptyShape(JsonNode? node, bool zeroIsEmpty = false) => node switch
    {
        null => true,
        JsonValue value => value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length == 0
            || zeroIsEmpty && value.GetValueKind() == JsonValueKind.Number && value.ToJsonString() == "0",
        JsonArray array => array.Count == 0,
        JsonObject obj => obj.All(member => IsEmptyShape(member.Value, zeroIsEmpty)),
        _ => false,
    };

    private bool IsEmptyCollection(JsonNode node, Type type) =>
        (node is JsonArray { Count: 0 } || node is JsonObject { Count: 0 })
        && options.TryGetTypeInfo(Nullable.GetUnderlyingType(type) ?? type, out var info)
        && info.Kind is JsonTypeInfoKind.Enumerable or JsonTypeInfoKind.Dictionary;

    private static string NormalizeReal(string text) =>
        double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture);

    private static bool IsWholeNumberType(Type type) =>
        type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte)
        || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort) || type == typeof(sbyte);

    private static bool IsRealNumberType(Type type) => type == typeof(double) || type == typeof(float) || type == typeof(decimal);

    /// <summary>True when the text is an integer (written plainly, no fraction or exponent) in the type's range.</summary>
    private static bool FitsWholeNumber(string text, Type type)
    {
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }
        var (min, max) = Range(type);
        return value >= min && value <= max;
    }

    private static (decimal Min, decimal Max) Range(Type type) =>
        type == typeof(int) ? (int.MinValue, int.MaxValue)
        : type == typeof(long) ? (long.MinValue, long.MaxValue)
        : type == typeof(short) ? (short.MinValue, short.MaxValue)
        : type == typeof(byte) ? (byte.MinValue, byte.MaxValue)
        : type == typeof(uint) ? (uint.MinValue, uint.MaxValue)
        : type == typeof(ulong) ? (ulong.MinValue, ulong.MaxValue)
        : type == typeof(ushort) ? (ushort.MinValue, ushort.MaxValue)
        : (sbyte.MinValue, sbyte.MaxValue);

    private static string RangeOf(Type type)
    {
        var (min, max) = Range(type);
        return $" between {min} and {max}";
    }

    private static JsonNode Warn(ICollection<Diagnostic> diagnostics, string path, string message, JsonNode replacement)
    {
        diagnostics.Add(Diagnostic.Warning(path, message));
        return replacement;
    }

    private static JsonNode Fail(ICollection<string> errors, string path, string message, JsonNode node)
    {
        errors.Add($"{path}: {message}");
        return node;
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    /// <summary>Names what was found, for "expected X, found Y" messages.</summary>
    public static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "a list",
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => $"\"{Truncate(value.GetValue<string>())}\"",
            _ => value.ToJsonString(),
        },
        _ => node.ToJsonString(),
    };

    private static string Truncate(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
