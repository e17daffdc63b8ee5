using k8s;
using k8s.Models;
using KubeContainers.Runtime.Cache;
using KubeContainers.Runtime.Client;

namespace KubeContainers.Runtime.Tests.Children;

/// <summary>A cache that has seen nothing yet: every read says "missing".</summary>
internal sealed class EmptyCacheReader<T> : ICacheReader<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public bool HasSynced => true;

    public T? Get(ObjectKey key) => null;

    public IReadOnlyList<T> List(string? @namespace = null) => [];

    public IReadOnlyList<T> ListByOwner(string ownerUid) => [];

    public IReadOnlyList<T> ListByLabel(string key, string value) => [];

    public IReadOnlyList<T> ListByIndex(string index, string value) => [];
}
