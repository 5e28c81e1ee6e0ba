using System.Globalization;
using System.Text.RegularExpressions;

namespace EcsBridge.IntegrationTests.Runtime;

/// <summary>Reads the Prometheus text exposition format (0.0.4) strictly enough to reject what Prometheus would:
/// malformed lines, a family declared twice or split apart, samples of undeclared or misnamed families, duplicate
/// series, and histograms whose buckets are not cumulative or lack +Inf, _sum and _count.</summary>
internal static partial class PrometheusText
{
    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)( -?[0-9]+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"^# (?<kind>HELP|TYPE) (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)( (?<rest>.*))?$")]
    private static partial Regex MetaLine();

    [GeneratedRegex(@"\G(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(\\[\\""n]|[^\\""])*)"",?")]
    private static partial Regex Label();

    /// <summary>One sample: the series name (with a histogram's _bucket/_sum/_count suffix), labels, value.</summary>
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    /// <summary>Parses and validates; returns the families' types and every sample, or throws naming the problem.</summary>
    public static (IReadOnlyDictionary<string, string> Types, IReadOnlyList<Sample> Samples) Parse(string text)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var finished = new HashSet<string>(StringComparer.Ordinal);
        var samples = new List<Sample>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        text.ShouldEndWith("\n", customMessage: "the exposition must end with a line feed");
        foreach (var line in text.Split('\n').SkipLast(1))
        {
            if (line.StartsWith('#'))
            {
                var meta = MetaLine().Match(line);
                meta.Success.ShouldBeTrue($"malformed comment line: {line}");
                var name = meta.Groups["name"].Value;
                StartFamily(name);
                if (meta.Groups["kind"].Value == "TYPE")
                {
                    types.ContainsKey(name).ShouldBeFalse($"TYPE declared twice for {name}");
                    var type = meta.Groups["rest"].Value;
                    type.ShouldBeOneOf("counter", "gauge", "histogram", "summary", "untyped");
                    types[name] = type;
                }
                continue;
            }
            line.ShouldNotBeEmpty("blank line in the exposition");
            var match = SampleLine().Match(line);
            match.Success.ShouldBeTrue($"malformed sample line: {line}");
            var seriesName = match.Groups["name"].Value;
            var family = FamilyOf(seriesName, types);
            family.ShouldNotBeNull($"sample of an undeclared family: {line}");
            StartFamily(family);
            var labels = ParseLabels(match.Groups["labels"].Value, line);
            var value = match.Groups["value"].Value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                var number => double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            seen.Add(seriesName + "{" + string.Join(',', labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) + "}")
                .ShouldBeTrue($"duplicate series: {line}");
            samples.Add(new Sample(seriesName, labels, value));
        }
        foreach (var (name, type) in types.Where(t => t.Value == "histogram"))
        {
            CheckHistogram(name, samples);
        }
        return (types, samples);

        void StartFamily(string name)
        {
            if (current == name)
            {
                return;
            }
            if (current is not null)
            {
                finished.Add(current);
            }
            finished.Contains(name).ShouldBeFalse($"the lines of family {name} are not together");
            current = name;
        }
    }

    private static string? FamilyOf(string seriesName, Dictionary<string, string> types)
    {
        if (types.TryGetValue(seriesName, out var type) && type != "histogram")
        {
            return seriesName;
        }
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (seriesName.EndsWith(suffix, StringComparison.Ordinal) && types.TryGetValue(seriesName[..^suffix.Length], out var t) && t is "histogram" or "summary")
            {
                return seriesName[..^suffix.Length];
            }
        }
        return null;
    }

    private static Dictionary<string, string> ParseLabels(string text, string line)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var position = 0;
        while (position < text.Length)
        {
            var match = Label().Match(text, position);
            match.Success.ShouldBeTrue($"malformed labels in: {line}");
            labels.TryAdd(match.Groups["key"].Value, match.Groups["value"].Value).ShouldBeTrue($"label repeated in: {line}");
            position += match.Length;
        }
        return labels;
    }

    private static void CheckHistogram(string name, List<Sample> samples)
    {
        foreach (var series in samples.Where(s => s.Name == name + "_bucket").GroupBy(Key))
        {
            var buckets = series.Select(s => (Le: s.Labels["le"] == "+Inf" ? double.PositiveInfinity : double.Parse(s.Labels["le"], CultureInfo.InvariantCulture), s.Value)).ToList();
            buckets.Select(b => b.Le).ShouldBe(buckets.Select(b => b.Le).Order(), $"{name}{{{series.Key}}} buckets out of order");
            double.IsPositiveInfinity(buckets[^1].Le).ShouldBeTrue($"{name}{{{series.Key}}} has no +Inf bucket");
            for (var i = 1; i < buckets.Count; i++)
            {
                buckets[i].Value.ShouldBeGreaterThanOrEqualTo(buckets[i - 1].Value, $"{name}{{{series.Key}}} buckets are not cumulative");
            }
            var count = samples.SingleOrDefault(s => s.Name == name + "_count" && Key(s) == series.Key);
            count.ShouldNotBeNull($"{name}{{{series.Key}}} has no _count");
            count.Value.ShouldBe(buckets[^1].Value, $"{name}_count differs from the +Inf bucket");
            samples.Any(s => s.Name == name + "_sum" && Key(s) == series.Key).ShouldBeTrue($"{name}{{{series.Key}}} has no _sum");
        }
    }

    private static string Key(Sample sample) =>
        string.Join(',', sample.Labels.Where(l => l.Key != "le").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
}
