namespace KubeContainers.Runtime.Events;

/// <summary>A thread-safe map holding at most <c>capacity</c> entries; adding one more forgets the least recently
/// used.</summary>
internal sealed class LruCache<TKey, TValue>
    where TKey : notnull
{
    private readonly Lock gate = new();
    private readonly int capacity;
    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value)>> index;
    private readonly LinkedList<(TKey Key, TValue Value)> order = new();

    public LruCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        this.capacity = capacity;
        index = new Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value)>>(capacity);
    }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return index.Count;
            }
        }
    }

    /// <summary>The entry for <paramref name="key"/>, now the most recently used; created when missing.</summary>
    public TValue GetOrAdd(TKey key, Func<TValue> create)
    {
        lock (gate)
        {
            if (index.TryGetValue(key, out var node))
            {
                order.Remove(node);
                order.AddFirst(node);
                return node.Value.Value;
            }

            if (index.Count >= capacity && order.Last is { } oldest)
            {
                order.RemoveLast();
                index.Remove(oldest.Value.Key);
            }

            var added = order.AddFirst((key, create()));
            index[key] = added;
            return added.Value.Value;
        }
    }
}
