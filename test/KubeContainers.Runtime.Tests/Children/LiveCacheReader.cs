using k8s;
using k8s.Models;
using KubeContainers.Runtime.Cache;
using KubeContainers.Runtime.Client;

namespace KubeContainers.Runtime.Tests.Children;

/// <summary>A "cache" that reads through the client, so a test sees exactly what the server stored.</summary>
internal sealed class LiveCacheReader<T>(IKubeClient client) : ICacheReader<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public bool HasSynced => true;

    public T? Get(ObjectKey key) => client.GetAsync<T>(key.Name, key.Namespace, CancellationToken.None).GetAwaiter().GetResult();

    public IReadOnlyList<T> List(string? @namespace = null) => throw new NotSupportedException();

    public IReadOnlyList<T> ListByOwner(string ownerUid) => throw new NotSupportedException();

    public IReadOnlyList<T> ListByLabel(string key, string value) => throw new NotSupportedException();

    public IReadOnlyList<T> ListByIndex(string index, string value) => throw new NotSupportedException();
}
