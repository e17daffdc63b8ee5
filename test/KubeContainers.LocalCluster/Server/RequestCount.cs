namespace KubeContainers.LocalCluster.Server;

/// <summary>One counter of <see cref="RequestStats"/>: requests, and how many of them were answered with an error.</summary>
internal sealed class RequestCount
{
    private long _total;
    private long _errors;

    public long Total => Interlocked.Read(ref _total);

    public long Errors => Interlocked.Read(ref _errors);

    public void Add() => Interlocked.Increment(ref _total);

    public void AddError() => Interlocked.Increment(ref _errors);
}
