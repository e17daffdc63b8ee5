namespace KubeContainers.Operator.Configuration;

/// <summary>The operator's <c>podSecurity</c> setting, named after the Pod Security Standards.</summary>
public static class PodSecurityLevels
{
    public const string Restricted = "restricted";

    public const string Baseline = "baseline";
}
