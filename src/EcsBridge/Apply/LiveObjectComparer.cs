using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EcsBridge.Apply;

/// <summary>
/// Decides whether a live object already carries everything a desired body says, so the applier can skip the
/// PATCH: in steady state the operator sends no writes at all (an apply that changes nothing is still a write).
/// "Covers" is a subset test: fields the server or other managers add are ignored; every field we set must be
/// there with an equal value. Fields we stop setting are caught by the applied-hash annotation the desired body
/// carries, which changes whenever the body does.
/// </summary>
internal static class LiveObjectComparer
{
    public static bool Covers(JsonNode? live, JsonNode? desired)
    {
        switch (desired)
        {
            case null:
                return live is null;
            case JsonObject desiredObject:
                if (live is not JsonObject liveObject)
                {
                    return false;
                }
                foreach (var (name, value) in desiredObject)
                {
                    if (!liveObject.TryGetPropertyValue(name, out var liveField) || !Covers(liveField, value))
                    {
                        return false;
                    }
                }
                return true;
            case JsonArray desiredArray:
                if (live is not JsonArray liveArray || liveArray.Count != desiredArray.Count)
                {
                    return false;
                }
                var inOrder = true;
                for (var i = 0; i < desiredArray.Count && inOrder; i++)
                {
                    inOrder = Covers(liveArray[i], desiredArray[i]);
                }
                // Some lists come back reordered although nothing changed: the 1.20 API server stores HPAs as
                // autoscaling/v1 and returns v2beta2 metrics in another order. A permutation is the same list.
                return inOrder || CoversAnyOrder(liveArray, desiredArray);
            case JsonValue desiredValue:
                return live is JsonValue liveValue && ScalarEquals(liveValue, desiredValue);
            default:
                return false;
        }
    }

    private static bool CoversAnyOrder(JsonArray live, JsonArray desired)
    {
        var used = new bool[live.Count];
        foreach (var wanted in desired)
        {
            var match = -1;
            for (var i = 0; i < live.Count && match < 0; i++)
            {
                if (!used[i] && Covers(live[i], wanted))
                {
                    match = i;
                }
            }
            if (match < 0)
            {
                return false;
            }
            used[match] = true;
        }
        return true;
    }

    private static bool ScalarEquals(JsonValue live, JsonValue desired)
    {
        var liveKind = live.GetValueKind();
        var desiredKind = desired.GetValueKind();
        if (liveKind == JsonValueKind.Number && desiredKind == JsonValueKind.Number)
        {
            return live.GetValue<decimal>() == desired.GetValue<decimal>();
        }
        if (liveKind == JsonValueKind.String && desiredKind == JsonValueKind.String)
        {
            var a = live.GetValue<string>();
            var b = desired.GetValue<string>();
            // The API server rewrites quantities into canonical form ("0.5" → "500m", "1024Mi" → "1Gi").
            return a == b || (Quantity.TryParse(a, out var qa) && Quantity.TryParse(b, out var qb) && qa == qb);
        }
        return liveKind == desiredKind && JsonNode.DeepEquals(live, desired);
    }

    /// <summary>Just enough of resource.Quantity to compare values: decimal and binary suffixes and exponents.</summary>
    internal static class Quantity
    {
        private static readonly (string Suffix, decimal Factor)[] Suffixes =
        [
            ("Ki", 1024m), ("Mi", 1024m * 1024), ("Gi", 1024m * 1024 * 1024), ("Ti", 1024m * 1024 * 1024 * 1024),
            ("Pi", 1024m * 1024 * 1024 * 1024 * 1024), ("Ei", 1024m * 1024 * 1024 * 1024 * 1024 * 1024),
            ("n", 0.000000001m), ("u", 0.000001m), ("m", 0.001m), ("k", 1000m), ("M", 1000_000m),
            ("G", 1000_000_000m), ("T", 1000_000_000_000m), ("P", 1000_000_000_000_000m), ("E", 1000_000_000_000_000_000m),
        ];

        public static bool TryParse(string text, out decimal value)
        {
            value = 0;
            if (text.Length == 0 || !(char.IsAsciiDigit(text[0]) || text[0] is '.' or '+' or '-'))
            {
                return false;
            }
            foreach (var (suffix, factor) in Suffixes)
            {
                if (text.EndsWith(suffix, StringComparison.Ordinal) &&
                    decimal.TryParse(text.AsSpan(0, text.Length - suffix.Length), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                {
                    value = number * factor;
                    return true;
                }
            }
            return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }
}
