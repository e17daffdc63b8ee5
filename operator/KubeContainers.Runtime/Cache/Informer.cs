using k8s;
using k8s.Models;
using KubeContainers.Runtime.Client;
using KubeContainers.Runtime.Hosting;
using Microsoft.Extensions.Logging;

namespace KubeContainers.Runtime.Cache;

/// <summary>Keeps a <see cref="Store{T}"/> in step with the API server: list, then watch from the list's resource
/// version. Bookmarks advance the resource version; 410 Gone forces a re-list whose differences are reported as
/// events, so nothing is missed; failures reconnect with jittered backoff; a silent watch is replaced.</summary>
internal sealed class Informer<T> : IInformer
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly IKubeClient client;
    private readonly InformerOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly string kind;
    private readonly List<Action<ObjectEvent<T>>> handlers = [];
    private readonly IReadOnlyList<string?> scopes;
    private readonly Func<T, T?>? transform;
    private readonly bool namespaced;
    private readonly ListProgress progress = new();
    private readonly HashSet<string> syncedNamespaces = new(StringComparer.Ordinal);
    private int syncedScopes;
    private bool warnedUnordered;

    public Informer(IKubeClient client, InformerOptions options, TimeProvider time, ILogger logger, Func<T, T?>? transform = null)
    {
        this.client = client;
        this.transform = transform;
        this.options = options;
        this.time = time;
        this.logger = logger;
        var descriptor = KindDescriptor.For<T>();
        kind = descriptor.Kind;
        namespaced = descriptor.Namespaced;
        scopes = descriptor.Namespaced && options.Namespaces.Count > 0 ? [.. options.Namespaces] : [null];
        Store = new Store<T>(() => HasSynced);
    }

    public Store<T> Store { get; }

    public Type ObjectType => typeof(T);

    public bool HasSynced => Volatile.Read(ref syncedScopes) == scopes.Count;

    public int Count => Store.Count;

    /// <summary>Whether the cache holds every object of <paramref name="namespace"/> its first list returns: once the
    /// whole first list is stored, or, for a namespaced kind, once the list has passed the namespace
    /// (<see cref="ListProgress"/>) or that namespace's own scope has listed. What it holds of the namespace is then as
    /// current as a synced cache whose watch lags: the watch brings the rest once the list is done.</summary>
    public bool IsSyncedFor(string? @namespace)
    {
        if (HasSynced)
        {
            return true;
        }

        if (!namespaced || @namespace is null)
        {
            return false;
        }

        if (scopes[0] is not null)
        {
            lock (syncedNamespaces)
            {
                return syncedNamespaces.Contains(@namespace);
            }
        }

        return progress.Covers(@namespace);
    }

    /// <summary>Raised on the informer's loop after each page of a first list is stored and when a scope has synced:
    /// <see cref="IsSyncedFor"/> may have changed. Handlers must be quick.</summary>
    public event Action? Progressed;

    /// <summary>Handlers run on the informer's loop and must be quick (enqueue a key, nothing more).
    /// Register them before <see cref="RunAsync"/>.</summary>
    public void Subscribe(Action<ObjectEvent<T>> handler) => handlers.Add(handler);

    public Task RunAsync(CancellationToken ct) => Task.WhenAll(scopes.Select(scope => Task.Run(() => RunScopeAsync(scope, ct), CancellationToken.None)));

    private async Task RunScopeAsync(string? @namespace, CancellationToken ct)
    {
        var backoff = new ReconnectBackoff(options.BackoffInitial, options.BackoffMax);
        var synced = false;
        string? resourceVersion = null;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (resourceVersion is null)
                {
                    resourceVersion = await ListAsync(@namespace, initial: !synced, ct).ConfigureAwait(false);
                    if (!synced)
                    {
                        synced = true;
                        if (@namespace is not null)
                        {
                            lock (syncedNamespaces)
                            {
                                syncedNamespaces.Add(@namespace);
                            }
                        }

                        Interlocked.Increment(ref syncedScopes);
                        Progressed?.Invoke();
                    }
                }

                var (lastVersion, events) = await WatchAsync(@namespace, resourceVersion, ct).ConfigureAwait(false);
                resourceVersion = lastVersion;
                if (events > 0)
                {
                    backoff.Reset();
                }
                else
                {
                    // A stream closed without any event: do not hammer a server that keeps closing it.
                    await Task.Delay(backoff.Next(), time, ct).ConfigureAwait(false);
                }
            }
            catch (KubeApiException e) when (e.IsGone)
            {
                logger.LogInformation("Watch of {Kind} expired at resource version {ResourceVersion}; re-listing", kind, resourceVersion);
                resourceVersion = null;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                var delay = backoff.Next();
                logger.LogWarning(e, "List/watch of {Kind} failed; retrying in {Delay}", kind, delay);
                try
                {
                    await Task.Delay(delay, time, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Lists the scope page by page (<see cref="InformerOptions.ListPageSize"/>), storing and publishing each
    /// page while the next is on its way, and holding no more than those two: a whole list of 10,000 containers' pods
    /// held at once as models was most of the operator's heap at startup. If the server has compacted the list's
    /// snapshot before the last page (410 on a continue token), the list starts over in one piece, as client-go's
    /// pager does. The events of a scope's first
    /// list are marked <see cref="ObjectEvent{T}.InInitialList"/> (controller-runtime's IsInInitialList); a re-list
    /// reports what changed while the watch was away, which are real changes.</summary>
    private async Task<string> ListAsync(string? @namespace, bool initial, CancellationToken ct)
    {
        RuntimeMetrics.Relists.WithLabels(kind).Inc();
        var started = time.GetTimestamp();
        var pages = 0;
        var listed = new HashSet<ObjectKey>();
        var pageSize = options.ListPageSize;
        string? requested = null;
        Task<KubeList<T>>? pending = FetchPage(@namespace, pageSize, null, ct);
        while (true)
        {
            KubeList<T> page;
            try
            {
                page = await pending!.ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.IsGone && requested is not null)
            {
                logger.LogInformation("List of {Kind} expired between pages; listing it in one piece", kind);
                (pageSize, requested) = (null, null);
                listed.Clear();
                pending = FetchPage(@namespace, pageSize, null, ct);
                continue;
            }

            // The next page is asked for before this one is stored: the server reads and sends it while this page is
            // unpacked, trimmed, packed and indexed, instead of each waiting for the other (a 10,001-container list
            // is 21 pages). At most two pages are held at once.
            requested = page.Continue;
            pending = requested is null ? null : FetchPage(@namespace, pageSize, requested, ct);
            try
            {
                StorePage(page, @namespace, initial, listed);
            }
            catch
            {
                // Stored nothing more: the prefetch's outcome no longer matters, but must be observed.
                _ = pending?.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                throw;
            }

            pages++;
            if (requested is null)
            {
                RemoveUnlisted(listed, @namespace);
                // Startup is mostly these lists: when each ended, and what it cost, is what to look at first.
                logger.LogInformation("Listed {Kind}{Scope}: {Count} objects in {Pages} pages, {Elapsed} ms", kind,
                    @namespace is null ? "" : $" in {@namespace}", listed.Count, pages, (long)time.GetElapsedTime(started).TotalMilliseconds);
                return page.ResourceVersion;
            }
        }
    }

    // On the thread pool: whatever the client does before its first await (or a failure there) happens beside the
    // page being stored, and fails the task, where the loop catches it.
    private Task<KubeList<T>> FetchPage(string? @namespace, int? pageSize, string? @continue, CancellationToken ct) =>
        Task.Run(() => client.ListAsync<T>(new ListOptions(@namespace, options.LabelSelector, pageSize, @continue, options.FieldSelector), ct), CancellationToken.None);

    /// <summary>Stores one page of a list and publishes its events; after a first list's page, records how far the
    /// list has come (<see cref="IsSyncedFor"/>).</summary>
    private void StorePage(KubeList<T> page, string? @namespace, bool initial, HashSet<ObjectKey> listed)
    {
        if (initial && @namespace is null && namespaced)
        {
            // In the order served, before the transform drops any: the order is the server's.
            foreach (var item in page.Items)
            {
                progress.See(ObjectKey.From(item));
            }

            if (progress.Unordered && !warnedUnordered)
            {
                warnedUnordered = true;
                logger.LogWarning("The list of {Kind} did not come in key order; its namespaces are read only once the whole list is stored", kind);
            }
        }

        List<T> items = [.. page.Items.Select(Prepare).OfType<T>()];
        listed.UnionWith(items.Select(ObjectKey.From));
        foreach (var e in Store.Merge(items))
        {
            Publish(initial ? e with { InInitialList = true } : e);
        }

        if (initial)
        {
            progress.PageStored();
            Progressed?.Invoke();
        }
    }

    private void RemoveUnlisted(HashSet<ObjectKey> listed, string? @namespace)
    {
        foreach (var e in Store.RemoveUnlisted(listed, @namespace))
        {
            Publish(e);
        }
    }

    private async Task<(string ResourceVersion, int Events)> WatchAsync(string? @namespace, string resourceVersion, CancellationToken ct)
    {
        using var watchCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var silent = false;
        using var idle = time.CreateTimer(_ =>
        {
            silent = true;
            watchCts.Cancel();
        }, null, options.WatchIdleTimeout, Timeout.InfiniteTimeSpan);

        var timeout = Random.Shared.Next(options.WatchTimeoutSeconds.Min, options.WatchTimeoutSeconds.Max + 1);
        var watch = new WatchOptions(resourceVersion, @namespace, options.LabelSelector, AllowBookmarks: true, TimeoutSeconds: timeout, FieldSelector: options.FieldSelector);
        var events = 0;
        try
        {
            await foreach (var e in client.WatchAsync<T>(watch, watchCts.Token).ConfigureAwait(false))
            {
                idle.Change(options.WatchIdleTimeout, Timeout.InfiniteTimeSpan);
                events++;
                resourceVersion = e.Object.Metadata?.ResourceVersion ?? resourceVersion;
                Apply(e);
            }
        }
        catch (OperationCanceledException) when (silent && !ct.IsCancellationRequested)
        {
            logger.LogInformation("Watch of {Kind} silent for {Timeout}; replacing it", kind, options.WatchIdleTimeout);
            // Counts as progress: reconnecting at once is the remedy, not a failure to back off from.
            return (resourceVersion, 1);
        }

        return (resourceVersion, events);
    }

    private void Apply(WatchEvent<T> e)
    {
        switch (e.Type)
        {
            case WatchEventType.Added or WatchEventType.Modified:
                var key = ObjectKey.From(e.Object);
                if (Prepare(e.Object) is not { } obj)
                {
                    // Left out by the transform: if an earlier version was kept, it is gone from the cache now.
                    if (Store.Contains(key))
                    {
                        Store.Delete(key);
                        Publish(new ObjectEvent<T>(ObjectEventType.Deleted, e.Object));
                    }

                    break;
                }

                var old = Store.Upsert(obj);
                Publish(new ObjectEvent<T>(old is null ? ObjectEventType.Added : ObjectEventType.Modified, obj, old));
                break;
            case WatchEventType.Deleted:
                var gone = Prepare(e.Object);
                var removed = Store.Delete(ObjectKey.From(e.Object));
                if (gone is not null || removed)
                {
                    Publish(new ObjectEvent<T>(ObjectEventType.Deleted, gone ?? e.Object));
                }

                break;
        }
    }

    private void Publish(ObjectEvent<T> e)
    {
        foreach (var handler in handlers)
        {
            try
            {
                handler(e);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Event handler for {Kind} failed", kind);
            }
        }
    }

    /// <summary>What is stored and handed to handlers: the object without managedFields (large, and useless to a
    /// reconciler), then trimmed by the cache's transform. The object is freshly deserialised and nobody else holds it
    /// yet, so changing it in place is safe. Handlers get this instance; the store keeps a packed copy. Null when the
    /// transform leaves the object out of the cache.</summary>
    private T? Prepare(T obj)
    {
        obj.Metadata.ManagedFields = null;
        return transform is null ? obj : transform(obj);
    }
}
