using k8s;
using k8s.Models;
using KubeContainers.Runtime.Client;

namespace KubeContainers.Runtime.Cache;

/// <summary>Lets the container hand out <c>ICacheReader&lt;T&gt;</c> for any kind the runtime caches.</summary>
internal sealed class CacheReader<T>(InformerRegistry registry) : ICacheReader<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Store<T> store = registry.For<T>().Store;

    public bool HasSynced => store.HasSynced;

    public T? Get(ObjectKey key) => store.Get(key);

    public IReadOnlyList<T> List(string? @namespace = null) => store.List(@namespace);

    public IReadOnlyList<T> ListByOwner(string ownerUid) => store.ListByOwner(ownerUid);

    public IReadOnlyList<T> ListByLabel(string key, string value) => store.ListByLabel(key, value);

    public IReadOnlyList<T> ListByIndex(string index, string value) => store.ListByIndex(index, value);
}
