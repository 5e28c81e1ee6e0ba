using System.Text.Json.Nodes;

namespace EcsBridge.UnitTests.Install;

/// <summary>Static Pod Security "restricted" checks (the 1.20 test apiserver has no Pod Security admission), plus
/// what the operator adds: read-only root filesystem, probes, and requests with limits.</summary>
internal static class RestrictedPodChecker
{
    private static readonly HashSet<string> AllowedVolumeSources =
        ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];

    public static IReadOnlyList<string> Violations(JsonObject podSpec)
    {
        var problems = new List<string>();
        foreach (var hostField in new[] { "hostNetwork", "hostPID", "hostIPC" })
        {
            if (IsTrue(podSpec[hostField]))
            {
                problems.Add($"{hostField} is set");
            }
        }
        foreach (var volume in Items(podSpec["volumes"]))
        {
            foreach (var source in volume.Select(kv => kv.Key).Where(k => k != "name" && !AllowedVolumeSources.Contains(k)))
            {
                problems.Add($"volume {volume["name"]} uses {source}");
            }
        }

        var pod = podSpec["securityContext"] as JsonObject;
        var containers = Items(podSpec["initContainers"]).Concat(Items(podSpec["containers"])).ToList();
        if (containers.Count == 0)
        {
            problems.Add("no containers");
        }
        foreach (var container in containers)
        {
            var name = container["name"]?.ToString() ?? "?";
            var sc = container["securityContext"] as JsonObject;
            if (!IsFalse(sc?["allowPrivilegeEscalation"]))
            {
                problems.Add($"{name}: allowPrivilegeEscalation is not false");
            }
            if (IsTrue(sc?["privileged"]))
            {
                problems.Add($"{name}: privileged");
            }
            if (!IsTrue(sc?["runAsNonRoot"] ?? pod?["runAsNonRoot"]))
            {
                problems.Add($"{name}: runAsNonRoot is not true");
            }
            var uid = (sc?["runAsUser"] ?? pod?["runAsUser"])?.ToString();
            if (uid is null || uid == "0")
            {
                problems.Add($"{name}: runAsUser is not a non-zero UID");
            }
            var seccomp = (sc?["seccompProfile"] ?? pod?["seccompProfile"])?["type"]?.ToString();
            if (seccomp is not ("RuntimeDefault" or "Localhost"))
            {
                problems.Add($"{name}: seccompProfile is {seccomp ?? "unset"}");
            }
            var drop = Strings(sc?["capabilities"]?["drop"]);
            if (!drop.Contains("ALL"))
            {
                problems.Add($"{name}: capabilities do not drop ALL");
            }
            foreach (var added in Strings(sc?["capabilities"]?["add"]).Where(c => c != "NET_BIND_SERVICE"))
            {
                problems.Add($"{name}: adds capability {added}");
            }
            if (Items(container["ports"]).Any(p => p["hostPort"] is not null))
            {
                problems.Add($"{name}: uses a hostPort");
            }
            if (!IsTrue(sc?["readOnlyRootFilesystem"]))
            {
                problems.Add($"{name}: root filesystem is writable");
            }
            foreach (var probe in new[] { "livenessProbe", "readinessProbe" })
            {
                if (container[probe] is not JsonObject)
                {
                    problems.Add($"{name}: no {probe}");
                }
            }
            foreach (var kind in new[] { "requests", "limits" })
            {
                foreach (var resource in new[] { "cpu", "memory" })
                {
                    if (container["resources"]?[kind]?[resource] is null)
                    {
                        problems.Add($"{name}: no {resource} {kind}");
                    }
                }
            }
        }
        return problems;
    }

    private static bool IsTrue(JsonNode? node) => node?.ToString() == "true";

    private static bool IsFalse(JsonNode? node) => node?.ToString() == "false";

    private static IEnumerable<JsonObject> Items(JsonNode? node) => (node as JsonArray)?.OfType<JsonObject>() ?? [];

    private static List<string> Strings(JsonNode? node) =>
        (node as JsonArray)?.Select(n => n?.ToString()).OfType<string>().ToList() ?? [];
}
