using KubeContainers.Operator.Configuration;

namespace KubeContainers.Operator.Tests.Configuration;

/// <summary>Loads settings from given flags, environment and appsettings.json text, never from the test process's
/// own environment or working directory.</summary>
internal static class SettingsSources
{
    public static OperatorSettingsResult Load(string[]? args = null, Dictionary<string, string?>? env = null, string? json = null)
    {
        var directory = Directory.CreateTempSubdirectory("kubecontainers-settings-");
        try
        {
            var path = Path.Combine(directory.FullName, OperatorSettingsLoader.AppSettingsFile);
            if (json is not null)
            {
                File.WriteAllText(path, json);
            }

            return OperatorSettingsLoader.Load(args ?? [], env ?? [], path);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    public static OperatorSettings Settings(string[]? args = null, Dictionary<string, string?>? env = null, string? json = null)
    {
        var result = Load(args, env, json);
        result.Errors.ShouldBeEmpty();
        return result.Succeeded ? result.Settings : throw new ShouldAssertException("no settings");
    }

    /// <summary>The single error the sources produce.</summary>
    public static string Error(string[]? args = null, Dictionary<string, string?>? env = null, string? json = null)
    {
        var result = Load(args, env, json);
        result.Succeeded.ShouldBeFalse();
        result.Settings.ShouldBeNull();
        return result.Errors.ShouldHaveSingleItem();
    }
}
