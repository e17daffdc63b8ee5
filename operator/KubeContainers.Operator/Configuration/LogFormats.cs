namespace KubeContainers.Operator.Configuration;

/// <summary>The operator's <c>--log-format</c> values.</summary>
public static class LogFormats
{
    /// <summary>One line per entry: UTC ISO 8601 timestamp, level, category, scopes, message.</summary>
    public const string Text = "text";

    /// <summary>One JSON object per line (Microsoft.Extensions.Logging's JSON console formatter), scopes included.</summary>
    public const string Json = "json";
}
