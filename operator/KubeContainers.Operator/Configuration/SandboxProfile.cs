namespace KubeContainers.Operator.Configuration;

/// <summary>
/// An isolation profile the operator offers under <see cref="Name"/> (<c>spec.sandbox</c>). A profile with a
/// <see cref="Handler"/> becomes one shared, cluster-scoped RuntimeClass; <c>none</c> has no handler and runs on the
/// node's default runtime.
/// </summary>
public sealed record SandboxProfile
{
    public required string Name { get; init; }

    /// <summary>The CRI handler (<c>runsc</c>, <c>kata-qemu</c>, <c>kata-fc</c>); null for the node's default runtime.</summary>
    public string? Handler { get; init; }

    /// <summary>Pod overhead the sandbox adds (RuntimeClass <c>overhead.podFixed</c>), e.g. cpu 250m, memory 160Mi.</summary>
    public IReadOnlyDictionary<string, string> Overhead { get; init; } = new Dictionary<string, string>();

    /// <summary>Nodes that can run the sandbox (RuntimeClass <c>scheduling.nodeSelector</c>).</summary>
    public IReadOnlyDictionary<string, string> NodeSelector { get; init; } = new Dictionary<string, string>();

    /// <summary>Tolerations in <c>key=value:Effect</c>, <c>key:Effect</c> or <c>key</c> form (RuntimeClass <c>scheduling.tolerations</c>).</summary>
    public IReadOnlyList<string> Tolerations { get; init; } = [];

    /// <summary>
    /// true: the image's own user runs, root included, unless <c>spec.securityContext.runAsUser</c> names one. The
    /// sandbox (a user-space kernel, a microVM) is the isolation boundary, so a root image is acceptable inside it; the
    /// pod keeps the rest of the hardened profile (no privilege escalation, RuntimeDefault seccomp, every capability
    /// dropped, no host namespaces or paths, no service account token). false: the operator's default user when the
    /// spec names none, and never root.
    /// </summary>
    public bool AllowImageUser { get; init; }

    /// <summary>
    /// The Pod Security level this profile's pods claim and are built to pass; null for the derived one: baseline
    /// when <see cref="AllowImageUser"/> (restricted requires runAsNonRoot), else the operator's <c>podSecurity</c>.
    /// </summary>
    public string? PodSecurity { get; init; }

    /// <summary>The level the profile's pods claim under the operator's <paramref name="operatorLevel"/>.</summary>
    public string PodSecurityLevel(string operatorLevel) =>
        PodSecurity ?? (AllowImageUser ? PodSecurityLevels.Baseline : operatorLevel);
}
