using System.Collections;
using KubeContainers.Runtime.Client;

namespace KubeContainers.Runtime.Cache;

/// <summary>The keys a store files under one index value. Most values file a single object (an owner's uid, a
/// claimed host), so one key is held as it is, and a set is made only for a second: a one-key HashSet costs ~250 bytes,
/// three per container at 10,000 containers.</summary>
internal sealed class IndexBucket : IEnumerable<ObjectKey>
{
    private ObjectKey? single;
    private HashSet<ObjectKey>? many;

    public int Count => many?.Count ?? (single is null ? 0 : 1);

    public void Add(ObjectKey key)
    {
        if (many is not null)
        {
            many.Add(key);
        }
        else if (single is null || single == key)
        {
            single = key;
        }
        else
        {
            many = [single, key];
            single = null;
        }
    }

    public bool Remove(ObjectKey key)
    {
        if (many is not null)
        {
            return many.Remove(key);
        }

        if (single != key)
        {
            return false;
        }

        single = null;
        return true;
    }

    public IEnumerator<ObjectKey> GetEnumerator()
    {
        if (many is not null)
        {
            foreach (var key in many)
            {
                yield return key;
            }
        }
        else if (single is not null)
        {
            yield return single;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
