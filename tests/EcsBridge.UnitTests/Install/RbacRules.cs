using System.Text.Json.Nodes;

namespace EcsBridge.UnitTests.Install;

/// <summary>Least-privilege checks on RBAC rules: no wildcards, no Secrets, no privilege-escalation verbs.</summary>
internal static class RbacRules
{
    private static readonly HashSet<string> EscalatingVerbs = ["escalate", "bind", "impersonate"];

    public static IReadOnlyList<string> Violations(string source, IEnumerable<JsonObject> rules)
    {
        var problems = new List<string>();
        foreach (var rule in rules)
        {
            var resources = Strings(rule["resources"]);
            var fields = new[] { "apiGroups", "resources", "verbs", "resourceNames" };
            foreach (var field in fields)
            {
                if (Strings(rule[field]).Any(v => v.Contains('*', StringComparison.Ordinal)))
                {
                    problems.Add($"{source}: wildcard in {field}");
                }
            }
            if (resources.Any(r => r == "secrets" || r.StartsWith("secrets/", StringComparison.Ordinal)))
            {
                problems.Add($"{source}: grants access to secrets");
            }
            if (rule["nonResourceURLs"] is not null)
            {
                problems.Add($"{source}: grants nonResourceURLs");
            }
            foreach (var verb in Strings(rule["verbs"]).Where(EscalatingVerbs.Contains))
            {
                problems.Add($"{source}: grants {verb}");
            }
        }
        return problems;
    }

    /// <summary>The rules of every Role/ClusterRole in a list of objects.</summary>
    public static IEnumerable<JsonObject> RulesOf(IEnumerable<JsonObject> objects) =>
        objects.Where(o => o["kind"]?.ToString() is "Role" or "ClusterRole")
            .SelectMany(o => (o["rules"] as JsonArray)?.OfType<JsonObject>() ?? []);

    public static List<string> Strings(JsonNode? node) =>
        (node as JsonArray)?.Select(n => n?.ToString()).OfType<string>().ToList() ?? [];
}
