namespace KubeContainers.Runtime.Events;

/// <summary>Who reports the events, and how repeats are folded into one Event.</summary>
internal sealed record EventRecorderOptions
{
    /// <summary><c>source.component</c> and <c>reportingComponent</c>; must be a qualified name.</summary>
    public required string ReportingComponent { get; init; }

    /// <summary><c>reportingInstance</c>: this replica (the pod name); at most 128 characters.</summary>
    public required string ReportingInstance { get; init; }

    /// <summary>An identical event no later than this after the previous occurrence bumps its count.</summary>
    public TimeSpan AggregationWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How many distinct events are remembered for aggregation (least recently used forgotten first).</summary>
    public int CacheCapacity { get; init; } = 4096;
}
