namespace KubeContainers.Runtime.Cache;

/// <summary>Scope and timing of an informer. No namespaces means all namespaces.</summary>
internal sealed record InformerOptions
{
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>A watch that delivers nothing (not even a bookmark) for this long is presumed dead and replaced.</summary>
    public TimeSpan WatchIdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Server-side watch timeout range; randomised, as client-go does, to spread reconnects.</summary>
    public (int Min, int Max) WatchTimeoutSeconds { get; init; } = (300, 600);

    /// <summary>Objects per list request (null: the whole list at once). client-go's default page; each page is
    /// stored before the next is read, so a large list never sits in memory whole.</summary>
    public int? ListPageSize { get; init; } = 500;

    public TimeSpan BackoffInitial { get; init; } = TimeSpan.FromMilliseconds(800);

    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromSeconds(30);
}
