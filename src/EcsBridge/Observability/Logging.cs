using EcsBridge.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace EcsBridge.Observability;

/// <summary>Console logging as --log-format and --log-level say: one line per entry, scopes included (the object
/// key and reconcile ID of each reconcile), plain text or JSON.</summary>
internal static class Logging
{
    public static void Configure(ILoggingBuilder logging, OperatorOptions options)
    {
        logging.SetMinimumLevel(Level(options.LogLevel));
        // The HTTP surface and the runtime chatter add nothing for operators of the operator.
        logging.AddFilter("Microsoft", LogLevel.Warning);
        // A part that fails to start is reported by `run` as one line; the host's own report carries a stack trace.
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        if (options.LogFormat == "json")
        {
            logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.IncludeScopes = true;
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
                o.UseUtcTimestamp = true;
                o.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        }
    }

    public static LogLevel Level(string text) => text.ToLowerInvariant() switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "critical" => LogLevel.Critical,
        "none" => LogLevel.None,
        _ => LogLevel.Information,
    };
}
