using System.Globalization;

namespace EcsBridge.Benchmarks.Scale;

/// <summary>Reads series out of a Prometheus text scrape.</summary>
internal static class PrometheusText
{
    public static readonly string[] WriteVerbs = ["apply", "create", "update", "patch", "delete"];

    /// <summary>The sum of a metric over the label sets that contain every filter (e.g. <c>verb="apply"</c>).</summary>
    public static double Value(string scrape, string name, params string[] labelFilters) =>
        scrape.Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
            .Where(line => labelFilters.All(f => line.Contains(f, StringComparison.Ordinal)))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    /// <summary><c>kube_client_requests</c> by verb.</summary>
    public static Dictionary<string, long> RequestsByVerb(string scrape)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in scrape.Split('\n'))
        {
            if (!line.StartsWith("kube_client_requests{", StringComparison.Ordinal))
            {
                continue;
            }
            var start = line.IndexOf("verb=\"", StringComparison.Ordinal);
            if (start < 0)
            {
                continue;
            }
            start += 6;
            var verb = line[start..line.IndexOf('"', start)];
            var value = (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            counts[verb] = counts.GetValueOrDefault(verb) + value;
        }
        return counts;
    }

    /// <summary>after − before, per verb, keeping only verbs that moved.</summary>
    public static Dictionary<string, long> Delta(Dictionary<string, long> before, Dictionary<string, long> after) =>
        after.Select(p => (p.Key, Value: p.Value - before.GetValueOrDefault(p.Key)))
            .Where(p => p.Value != 0)
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    public static long Writes(Dictionary<string, long> byVerb) => WriteVerbs.Sum(v => byVerb.GetValueOrDefault(v));
}
