namespace KubeContainers.Runtime.Cache;

/// <summary>What the host needs of an informer of any kind.</summary>
internal interface IInformer
{
    Type ObjectType { get; }

    bool HasSynced { get; }

    Task RunAsync(CancellationToken ct);
}
