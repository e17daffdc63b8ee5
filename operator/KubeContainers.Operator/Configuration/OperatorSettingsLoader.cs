using System.Collections;
using Microsoft.Extensions.Configuration;

namespace KubeContainers.Operator.Configuration;

/// <summary>
/// Builds <see cref="OperatorSettings"/> the usual .NET way, each source overriding the one before:
/// <c>appsettings.json</c> (optional) &lt; <c>KUBECONTAINERS_</c> environment variables &lt; command-line flags.
/// Mistakes come back as messages, all at once, not as exceptions: startup prints them and exits.
/// </summary>
/// <remarks>
/// Flags are kebab-case (<see cref="OperatorFlags"/>); the configuration key behind each is the flag in PascalCase,
/// limits under <c>Limits:</c> (<c>--max-replicas</c> is <c>Limits:MaxReplicas</c>). Environment variables take both
/// .NET's spelling and the flag's (see <see cref="KubeContainersEnvironmentProvider"/>). Sandbox profiles, which have
/// no flags, come from <c>Sandboxes:&lt;name&gt;:…</c> in any source (see <see cref="SettingKeys"/>).
/// </remarks>
public static class OperatorSettingsLoader
{
    public const string AppSettingsFile = "appsettings.json";

    /// <summary>Loads from the process: its arguments, its environment and <c>appsettings.json</c> in the working
    /// directory (the default content root of a .NET host).</summary>
    public static OperatorSettingsResult Load(IReadOnlyList<string> args) =>
        Load(args, ProcessEnvironment(), Path.Combine(Directory.GetCurrentDirectory(), AppSettingsFile));

    /// <param name="appSettingsPath">The JSON settings file, read when it exists; null reads none.</param>
    public static OperatorSettingsResult Load(IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> environment, string? appSettingsPath)
    {
        var (flags, flagErrors) = CommandLineFlags.Parse(args);
        var builder = new ConfigurationBuilder();
        if (appSettingsPath is not null)
        {
            builder.AddJsonFile(Path.GetFullPath(appSettingsPath), optional: true, reloadOnChange: false);
        }

        builder.Add(new KubeContainersEnvironmentSource(environment));
        builder.AddInMemoryCollection(flags);
        IConfigurationRoot configuration;
        try
        {
            configuration = builder.Build();
        }
        catch (Exception e) when (e is FormatException or InvalidDataException)
        {
            return OperatorSettingsResult.Failure([$"{appSettingsPath}: {e.Message}{(e.InnerException is { } inner ? $" {inner.Message}" : "")}", .. flagErrors]);
        }

        var bound = Bind(configuration);
        return flagErrors.Count == 0 ? bound : OperatorSettingsResult.Failure([.. flagErrors, .. bound.Errors]);
    }

    /// <summary>Reads and checks the settings from configuration already built (later providers override earlier
    /// ones, as always).</summary>
    public static OperatorSettingsResult Bind(IConfigurationRoot configuration) => new OperatorSettingsBinder(configuration).Bind();

    private static Dictionary<string, string?> ProcessEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
}
