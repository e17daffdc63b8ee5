using k8s;
using k8s.Models;
using KubeContainers.Runtime.Cache;
using KubeContainers.Runtime.Client;
using KubeContainers.Runtime.Tests.Fakes;

namespace KubeContainers.Operator.Tests.ManagedContainers.Reconciler.Harness;

/// <summary>
/// An informer cache that is always in sync with the fake API server: every read lists the fake. Like the real child
/// caches it can hold only the objects that match a filter (our managed-by label), so an object someone else made
/// without it is invisible here and the sync routine meets it only as an AlreadyExists on create. Every object it
/// hands out is noted in <paramref name="handedOut"/>, to prove the reconciler never changes one. A transform (the
/// real cache's, such as the Events') applies to every read; null from it hides the object.
/// </summary>
internal sealed class FakeCache<T>(
    FakeKubeClient api,
    Func<T, bool> visible,
    IReadOnlyDictionary<string, Func<T, IEnumerable<string>>> indexes,
    HandedOut handedOut,
    Func<T, T?>? transform = null) : ICacheReader<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public bool HasSynced => true;

    public T? Get(ObjectKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return api.Peek<T>(key.Name, key.Namespace) is { } found && visible(found) && Transform(found) is { } kept ? handedOut.Note(kept) : null;
    }

    public IReadOnlyList<T> List(string? @namespace = null) =>
        // The fake answers synchronously; a cache read is synchronous too.
        [.. api.ListAsync<T>(new ListOptions(@namespace), TestContext.Current.CancellationToken).GetAwaiter().GetResult().Items
            .Where(visible).Select(Transform).OfType<T>().Select(handedOut.Note)];

    private T? Transform(T obj) => transform is null ? obj : transform(obj);

    public IReadOnlyList<T> ListByOwner(string ownerUid) =>
        [.. List().Where(o => o.Metadata.OwnerReferences?.Any(r => r.Uid == ownerUid) == true)];

    public IReadOnlyList<T> ListByLabel(string key, string value) =>
        [.. List().Where(o => o.Metadata.Labels?.TryGetValue(key, out var v) == true && v == value)];

    public IReadOnlyList<T> ListByIndex(string index, string value) =>
        indexes.TryGetValue(index, out var values)
            ? [.. List().Where(o => values(o).Contains(value, StringComparer.Ordinal))]
            : throw new InvalidOperationException($"no index {index} on the {typeof(T).Name} cache");
}
