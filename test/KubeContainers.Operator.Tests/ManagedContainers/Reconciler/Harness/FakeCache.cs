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
    Func<T, T?>? transform = null) : ICacheReader<T>, ICacheFingerprints
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public bool HasSynced => true;

    public T? Get(ObjectKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var found = Find(key);
        CacheReads.Note(this, CacheQueryKind.Get, key.Namespace, key.Name, Fingerprint(key, found));
        return found is null ? null : handedOut.Note(found);
    }

    public IReadOnlyList<T> List(string? @namespace = null) =>
        Noted(CacheQueryKind.List, @namespace, null, All(@namespace));

    public IReadOnlyList<T> ListByOwner(string ownerUid) =>
        Noted(CacheQueryKind.ListByOwner, ownerUid, null, ByOwner(ownerUid));

    public IReadOnlyList<T> ListByLabel(string key, string value) =>
        Noted(CacheQueryKind.ListByLabel, key, value, ByLabel(key, value));

    public IReadOnlyList<T> ListByIndex(string index, string value) =>
        Noted(CacheQueryKind.ListByIndex, index, value, ByIndex(index, value));

    /// <summary>As the real cache does, from the objects' keys and resourceVersions (<see cref="CacheReads"/>).</summary>
    public ulong Fingerprint(CacheQueryKind kind, string? first, string? second) => kind switch
    {
        CacheQueryKind.Get => Fingerprint(new ObjectKey(first, second!), Find(new ObjectKey(first, second!))),
        CacheQueryKind.List => Fingerprint(All(first)),
        CacheQueryKind.ListByOwner => Fingerprint(ByOwner(first!)),
        CacheQueryKind.ListByLabel => Fingerprint(ByLabel(first!, second!)),
        _ => Fingerprint(ByIndex(first!, second!)),
    };

    private T? Find(ObjectKey key) =>
        api.Peek<T>(key.Name, key.Namespace) is { } found && visible(found) && Transform(found) is { } kept ? kept : null;

    private List<T> All(string? @namespace) =>
        // The fake answers synchronously; a cache read is synchronous too.
        [.. api.ListAsync<T>(new ListOptions(@namespace), TestContext.Current.CancellationToken).GetAwaiter().GetResult().Items
            .Where(visible).Select(Transform).OfType<T>()];

    private List<T> ByOwner(string ownerUid) =>
        [.. All(null).Where(o => o.Metadata.OwnerReferences?.Any(r => r.Uid == ownerUid) == true)];

    private List<T> ByLabel(string key, string value) =>
        [.. All(null).Where(o => o.Metadata.Labels?.TryGetValue(key, out var v) == true && v == value)];

    private List<T> ByIndex(string index, string value) =>
        indexes.TryGetValue(index, out var values)
            ? [.. All(null).Where(o => values(o).Contains(value, StringComparer.Ordinal))]
            : throw new InvalidOperationException($"no index {index} on the {typeof(T).Name} cache");

    private T? Transform(T obj) => transform is null ? obj : transform(obj);

    private List<T> Noted(CacheQueryKind kind, string? first, string? second, List<T> found)
    {
        CacheReads.Note(this, kind, first, second, Fingerprint(found));
        return [.. found.Select(handedOut.Note)];
    }

    private static ulong Fingerprint(ObjectKey key, T? found) =>
        found is null ? CacheReads.Absent : CacheReads.OfObject(key.Namespace, key.Name, found.Metadata.ResourceVersion);

    private static ulong Fingerprint(List<T> found)
    {
        var sum = 0UL;
        foreach (var o in found)
        {
            sum += CacheReads.OfObject(o.Metadata.NamespaceProperty, o.Metadata.Name, o.Metadata.ResourceVersion);
        }

        return CacheReads.OfList(sum, found.Count);
    }
}
