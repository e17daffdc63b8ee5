namespace KubeContainers.Operator.Configuration;

/// <summary>A command-line flag (kebab-case) and the configuration key it sets, which is also
/// the appsettings path and, with <c>__</c> for <c>:</c>, the environment variable after <c>KUBECONTAINERS_</c>.</summary>
public sealed record OperatorFlag(string Name, string Key, OperatorFlagKind Kind = OperatorFlagKind.Value)
{
    /// <summary>How errors name the setting: <c>--base-domain</c>.</summary>
    public override string ToString() => $"--{Name}";
}
