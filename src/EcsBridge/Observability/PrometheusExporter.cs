using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace EcsBridge.Observability;

/// <summary>
/// Collects every instrument of the meters whose name starts with a prefix and renders them in the Prometheus
/// text exposition format (0.0.4). The OpenTelemetry Prometheus exporter packages are not available, and the
/// format is small: counters, gauges and cumulative histograms with fixed buckets.
/// </summary>
internal sealed class PrometheusExporter : IDisposable
{
    private static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, Series> _series = new();

    public PrometheusExporter(string meterPrefix)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith(meterPrefix, StringComparison.Ordinal))
            {
                _series[instrument] = new Series(instrument);
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_series.TryGetValue(instrument, out var series))
        {
            series.Record(value, LabelText(tags));
        }
    }

    private static string LabelText(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return string.Empty;
        }
        var sorted = tags.ToArray();
        Array.Sort(sorted, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var sb = new StringBuilder();
        foreach (var (key, value) in sorted)
        {
            if (sb.Length > 0)
            {
                sb.Append(',');
            }
            sb.Append(Sanitize(key)).Append("=\"");
            foreach (var c in Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty)
            {
                sb.Append(c switch { '\\' => "\\\\", '"' => "\\\"", '\n' => "\\n", _ => c.ToString() });
            }
            sb.Append('"');
        }
        return sb.ToString();
    }

    private static string Sanitize(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!(char.IsAsciiLetterOrDigit(chars[i]) || chars[i] == '_' || chars[i] == ':'))
            {
                chars[i] = '_';
            }
        }
        return new string(chars);
    }

    /// <summary>Renders the current values of every series.</summary>
    public string Scrape()
    {
        // Observable instruments report only when asked.
        _listener.RecordObservableInstruments();
        var sb = new StringBuilder();
        // Several instruments may share a name (each work queue registers its own observable gauges); Prometheus
        // wants one HELP/TYPE header per family with all its samples together.
        foreach (var family in _series.Values.GroupBy(s => s.Name, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            family.First().WriteHeader(sb);
            foreach (var series in family)
            {
                series.WriteSamples(sb);
            }
        }
        return sb.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private sealed class Series(Instrument instrument)
    {
        private readonly ConcurrentDictionary<string, double> _values = new();
        private readonly ConcurrentDictionary<string, HistogramState> _histograms = new();
        private readonly bool _isHistogram = instrument.GetType().Name.StartsWith("Histogram", StringComparison.Ordinal);
        private readonly bool _isGauge = instrument.GetType().Name.Contains("Gauge", StringComparison.Ordinal);
        private readonly bool _isObservable = instrument.IsObservable;
        private readonly bool _isMonotonic = instrument.GetType().Name is { } n && (n.StartsWith("Counter", StringComparison.Ordinal) || n.StartsWith("ObservableCounter", StringComparison.Ordinal));

        public string Name { get; } = Sanitize(instrument.Name);

        public void Record(double value, string labels)
        {
            if (_isHistogram)
            {
                _histograms.GetOrAdd(labels, _ => new HistogramState()).Record(value);
            }
            else if (_isObservable || _isGauge)
            {
                // Observable instruments report the current value (cumulative for observable counters).
                _values[labels] = value;
            }
            else
            {
                _values.AddOrUpdate(labels, value, (_, old) => old + value);
            }
        }

        public void WriteHeader(StringBuilder sb)
        {
            if (!string.IsNullOrEmpty(instrument.Description))
            {
                sb.Append("# HELP ").Append(Name).Append(' ').Append(instrument.Description.Replace("\n", " ", StringComparison.Ordinal)).Append('\n');
            }
            var type = _isHistogram ? "histogram" : _isMonotonic ? "counter" : "gauge";
            sb.Append("# TYPE ").Append(Name).Append(' ').Append(type).Append('\n');
        }

        public void WriteSamples(StringBuilder sb)
        {
            if (_isHistogram)
            {
                foreach (var (labels, state) in _histograms.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    state.WriteTo(sb, Name, labels);
                }
                return;
            }
            foreach (var (labels, value) in _values.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                sb.Append(Name);
                if (labels.Length > 0)
                {
                    sb.Append('{').Append(labels).Append('}');
                }
                sb.Append(' ').Append(Format(value)).Append('\n');
            }
        }
    }

    private sealed class HistogramState
    {
        private readonly object _gate = new();
        private readonly long[] _counts = new long[Buckets.Length];
        private long _count;
        private double _sum;

        public void Record(double value)
        {
            lock (_gate)
            {
                for (var i = 0; i < Buckets.Length; i++)
                {
                    if (value <= Buckets[i])
                    {
                        _counts[i]++;
                    }
                }
                _count++;
                _sum += value;
            }
        }

        public void WriteTo(StringBuilder sb, string name, string labels)
        {
            lock (_gate)
            {
                var prefix = labels.Length > 0 ? labels + "," : string.Empty;
                for (var i = 0; i < Buckets.Length; i++)
                {
                    sb.Append(name).Append("_bucket{").Append(prefix).Append("le=\"").Append(Format(Buckets[i])).Append("\"} ")
                        .Append(_counts[i].ToString(CultureInfo.InvariantCulture)).Append('\n');
                }
                sb.Append(name).Append("_bucket{").Append(prefix).Append("le=\"+Inf\"} ").Append(_count.ToString(CultureInfo.InvariantCulture)).Append('\n');
                var braces = labels.Length > 0 ? "{" + labels + "}" : string.Empty;
                sb.Append(name).Append("_sum").Append(braces).Append(' ').Append(Format(_sum)).Append('\n');
                sb.Append(name).Append("_count").Append(braces).Append(' ').Append(_count.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
