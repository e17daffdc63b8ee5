namespace KubeContainers.Operator.Configuration;

/// <summary>Configuration sections that have no flag of their own (set them in appsettings, environment variables or
/// <c>--Section:key=value</c>).</summary>
public static class SettingKeys
{
    public const string Limits = "Limits";

    /// <summary><c>Sandboxes:&lt;name&gt;:Handler</c>, <c>:Overhead:&lt;resource&gt;</c>, <c>:NodeSelector:&lt;label&gt;</c>,
    /// <c>:Tolerations:&lt;index&gt;</c> (or one comma list).</summary>
    public const string Sandboxes = "Sandboxes";

    public const string Handler = "Handler";

    public const string Overhead = "Overhead";

    public const string NodeSelector = "NodeSelector";

    public const string Tolerations = "Tolerations";

    /// <summary><c>Sandboxes:&lt;name&gt;:AllowImageUser</c>: true lets the image's own user (root included) run.</summary>
    public const string AllowImageUser = "AllowImageUser";

    /// <summary><c>Sandboxes:&lt;name&gt;:PodSecurity</c>: the Pod Security level the profile's pods claim.</summary>
    public const string PodSecurity = "PodSecurity";

    /// <summary><c>DnsPodLabels:&lt;label&gt;</c>: the labels of the cluster DNS pods, replacing <c>k8s-app=kube-dns</c>.</summary>
    public const string DnsPodLabels = "DnsPodLabels";

    public static IReadOnlyList<string> ProfileFields { get; } = [Handler, Overhead, NodeSelector, Tolerations, AllowImageUser, PodSecurity];
}
