namespace KubeContainers.Api;

/// <summary>Values of <c>spec.architecture</c>, as the <c>kubernetes.io/arch</c> node label spells them.</summary>
public static class Architectures
{
    public const string Amd64 = "amd64";

    public const string Arm64 = "arm64";
}
