using Microsoft.Extensions.Logging;

namespace KubeContainers.Operator.Configuration;

/// <summary>
/// The console logger as <c>--log-level</c> and <c>--log-format</c> ask: text keeps one line per entry, json writes
/// one JSON object per line for log shippers. Both carry scopes (the per-reconcile "{Namespace}/{Name} generation
/// {Generation}") and a full UTC ISO 8601 timestamp, so lines from different days and machines sort and join.
/// </summary>
public static class OperatorLogging
{
    /// <summary>Text timestamps end with a space: the simple formatter writes the level right after it.</summary>
    internal const string TextTimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";

    internal const string JsonTimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static void Configure(ILoggingBuilder logging, OperatorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(logging);
        ArgumentNullException.ThrowIfNull(settings);
        logging.ClearProviders();
        if (settings.LogFormat == LogFormats.Json)
        {
            logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.TimestampFormat = JsonTimestampFormat;
                o.UseUtcTimestamp = true;
                o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.IncludeScopes = true;
                o.TimestampFormat = TextTimestampFormat;
                o.UseUtcTimestamp = true;
            });
        }

        logging.SetMinimumLevel(settings.LogLevel);
        logging.AddFilter("Microsoft", settings.LogLevel > LogLevel.Warning ? settings.LogLevel : LogLevel.Warning);
    }
}
