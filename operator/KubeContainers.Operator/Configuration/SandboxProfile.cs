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
}
