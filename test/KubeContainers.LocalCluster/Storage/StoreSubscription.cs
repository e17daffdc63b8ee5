using System.Threading.Channels;

namespace KubeContainers.LocalCluster.Storage;

/// <summary>A live feed of store changes (one resource, or all when the key is null). Dispose to stop it.</summary>
public sealed class StoreSubscription : IDisposable
{
    private readonly ObjectStore _store;
    private readonly string? _storageKey;
    private readonly Channel<WatchEvent> _channel = Channel.CreateUnbounded<WatchEvent>(
        new UnboundedChannelOptions { SingleReader = false, SingleWriter = false }); // multi-reader: only that kind counts its items (bookmarks need the count)

    internal StoreSubscription(ObjectStore store, string? storageKey)
    {
        _store = store;
        _storageKey = storageKey;
    }

    public ChannelReader<WatchEvent> Events => _channel.Reader;

    internal void Offer(WatchEvent change)
    {
        if (_storageKey is null || change.StorageKey == _storageKey)
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
