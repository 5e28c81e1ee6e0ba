using System.Globalization;

namespace EcsBridge.Hosting;

/// <summary>Go-style durations as Kubernetes tools take them: "15s", "2m", "1h", "1h30m", "500ms".</summary>
internal static class Durations
{
    /// <summary>The shortest such spelling of a whole number of seconds, minutes or hours ("15s", "10m", "1h"),
    /// else milliseconds.</summary>
    public static string Format(TimeSpan value)
    {
        var inv = CultureInfo.InvariantCulture;
        return value switch
        {
            { Ticks: 0 } => "0s",
            _ when value.Ticks % TimeSpan.TicksPerHour == 0 => ((long)value.TotalHours).ToString(inv) + "h",
            _ when value.Ticks % TimeSpan.TicksPerMinute == 0 => ((long)value.TotalMinutes).ToString(inv) + "m",
            _ when value.Ticks % TimeSpan.TicksPerSecond == 0 => ((long)value.TotalSeconds).ToString(inv) + "s",
            _ => value.TotalMilliseconds.ToString(inv) + "ms",
        };
    }

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var span = text.AsSpan().Trim();
        if (span.IsEmpty)
        {
            return false;
        }
        while (!span.IsEmpty)
        {
            var digits = 0;
            while (digits < span.Length && (char.IsAsciiDigit(span[digits]) || span[digits] == '.'))
            {
                digits++;
            }
            if (digits == 0 || !double.TryParse(span[..digits], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }
            span = span[digits..];
            var unit = 0;
            while (unit < span.Length && char.IsAsciiLetter(span[unit]))
            {
                unit++;
            }
            var factor = span[..unit] switch
            {
                "ms" => TimeSpan.FromMilliseconds(1),
                "s" => TimeSpan.FromSeconds(1),
                "m" => TimeSpan.FromMinutes(1),
                "h" => TimeSpan.FromHours(1),
                _ => TimeSpan.Zero,
            };
            if (factor == TimeSpan.Zero)
            {
                return false;
            }
            value += factor * number;
            span = span[unit..];
        }
        return true;
    }
}
