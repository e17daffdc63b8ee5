using System.Threading.Channels;

namespace KubeContainers.LocalCluster.Storage;

/// <summary>A live feed of store changes (of some resources, or all when the keys are null). Dispose to stop it.</summary>
public sealed class StoreSubscription : IDisposable
{
    private readonly ObjectStore _store;
    private readonly HashSet<string>? _storageKeys;
    private readonly Channel<WatchEvent> _channel = Channel.CreateUnbounded<WatchEvent>(
        new UnboundedChannelOptions { SingleReader = false, SingleWriter = false }); // multi-reader: only that kind counts its items (bookmarks need the count)

    internal StoreSubscription(ObjectStore store, IReadOnlyCollection<string>? storageKeys)
    {
        _store = store;
        _storageKeys = storageKeys is null ? null : new HashSet<string>(storageKeys, StringComparer.Ordinal);
    }

    public ChannelReader<WatchEvent> Events => _channel.Reader;

    internal void Offer(WatchEvent change)
    {
        if (_storageKeys is null || _storageKeys.Contains(change.StorageKey))
        {
            _channel.Writer.TryWrite(change);
        }
    }

    public void Dispose()
    {
        _store.Unsubscribe(this);
        _channel.Writer.TryComplete();
    }
}
