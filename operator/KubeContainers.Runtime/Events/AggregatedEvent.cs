namespace KubeContainers.Runtime.Events;

/// <summary>The Event last written for one <see cref="EventKey"/>. <see cref="Gate"/> serialises the writes for that
/// key so that concurrent repeats count up one Event instead of racing to create several.</summary>
internal sealed class AggregatedEvent
{
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Null until the first create succeeds.</summary>
    public string? Name { get; set; }

    public string Namespace { get; set; } = "";

    public int Count { get; set; }

    public DateTimeOffset LastSeen { get; set; }
}
