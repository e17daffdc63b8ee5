using KubeContainers.Runtime.Client;

namespace KubeContainers.Runtime.Cache;

/// <summary>
/// How far the first list of a namespaced kind over all namespaces has come, so a namespace's objects can be read
/// before the whole list is done. The API server serves a paged list in the order of its storage keys
/// (<c>…/&lt;namespace&gt;/&lt;name&gt;</c>): etcd ranges are sorted by key, and the continue token is the last key
/// served, from which the next page starts. So once a page whose last key lies past a namespace has been stored, the
/// cache holds every object of that namespace as of the list's snapshot; a namespace with no objects of the kind is
/// covered as soon as the list has passed where they would sort. The order is checked as the keys go by: a key that
/// does not sort after the one before it (a server that does not sort) and the list covers nothing more until it ends.
/// </summary>
/// <remarks>Thread-safe: the informer's loop records, workers ask.</remarks>
internal sealed class ListProgress
{
    private string? pending;
    private volatile string? through;
    private volatile bool unordered;

    /// <summary>Whether a key was seen out of order (tests, logs).</summary>
    public bool Unordered => unordered;

    /// <summary>Notes a key of the page being stored, in the order the server sent it; false when it is out of order.</summary>
    public bool See(ObjectKey key)
    {
        var storageKey = $"{key.Namespace}/{key.Name}";
        if (pending is { } last && string.CompareOrdinal(storageKey, last) <= 0)
        {
            unordered = true;
        }

        pending = storageKey;
        return !unordered;
    }

    /// <summary>The page seen so far is stored: the namespaces before its last key are covered from now on.</summary>
    public void PageStored() => through = pending;

    /// <summary>Whether every object of <paramref name="namespace"/> the list returns has been stored.</summary>
    public bool Covers(string @namespace)
    {
        var last = through;
        if (unordered || last is null)
        {
            return false;
        }

        // Every key of the namespace starts with "<namespace>/" and no other key lies between two of them; they all
        // sort before the last stored key exactly when that prefix does and the last key is not one of them.
        var prefix = @namespace + "/";
        return !last.StartsWith(prefix, StringComparison.Ordinal) && string.CompareOrdinal(prefix, last) < 0;
    }
}
