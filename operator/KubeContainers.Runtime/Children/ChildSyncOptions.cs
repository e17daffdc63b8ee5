using k8s;
using k8s.Models;

namespace KubeContainers.Runtime.Children;

/// <summary>How one kind of child is synced.</summary>
public sealed record ChildSyncOptions<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Whether an existing object is ours to change or delete (usually: our controller owner reference).</summary>
    public required Func<T, bool> IsOwned { get; init; }

    /// <summary>Copies what the server or other controllers set in fields the update replaces (a Service's cluster
    /// IP, a claim's bound volume) from the existing object into the one about to be written.</summary>
    public Action<T, T>? Preserve { get; init; }

    /// <summary>True when the change cannot be made in place (a Job's template): the child is deleted and created on a
    /// later reconcile.</summary>
    public Func<T, T, bool>? RequiresRecreate { get; init; }
}
