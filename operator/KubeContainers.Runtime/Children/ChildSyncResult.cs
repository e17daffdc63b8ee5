using k8s;
using k8s.Models;
using KubeContainers.Runtime.Client;

namespace KubeContainers.Runtime.Children;

/// <summary>What the sync did, and the child as it now is (null when absent or deleted); for
/// <see cref="ChildSyncOutcome.Refused"/>, the API server's answer.</summary>
public sealed record ChildSyncResult<T>(ChildSyncOutcome Outcome, T? Current, KubeApiException? Refusal = null)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Whether the sync wrote to the API server.</summary>
    public bool Wrote => Outcome is ChildSyncOutcome.Created or ChildSyncOutcome.Updated or ChildSyncOutcome.Deleted;
}
