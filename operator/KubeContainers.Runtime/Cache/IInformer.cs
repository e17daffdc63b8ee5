namespace KubeContainers.Runtime.Cache;

/// <summary>What the host needs of an informer of any kind.</summary>
internal interface IInformer
{
    Type ObjectType { get; }

    bool HasSynced { get; }

    /// <summary>Objects in the cache now.</summary>
    int Count { get; }

    /// <summary>Whether every object of the namespace (null: of the whole kind) from the first list is stored.</summary>
    bool IsSyncedFor(string? @namespace);

    /// <summary>Raised after a page of a first list is stored and when a scope syncs.</summary>
    event Action? Progressed;

    Task RunAsync(CancellationToken ct);
}
