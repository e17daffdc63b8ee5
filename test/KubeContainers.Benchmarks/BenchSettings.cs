namespace KubeContainers.Benchmarks;

/// <summary>How the run was set up, recorded beside its figures.</summary>
internal sealed record BenchSettings(
    double Scale,
    bool Quick,
    double OperatorQps,
    int OperatorBurst,
    int OperatorWorkers,
    int ContainersPerNamespace,
    int CeilingConfigMaps,
    int CeilingParallelism,
    int ChurnChanges,
    double ChurnTargetPerSecond,
    int SteadyStateResyncSeconds,
    string PodReadyDelay,
    IReadOnlyDictionary<string, string> OperatorEnvironment)
{
    public static BenchSettings From(BenchOptions options) => new(
        options.Scale, options.Quick, options.Qps, options.Burst, options.Workers, options.PerNamespace,
        options.CeilingCount, options.CeilingParallelism, options.ChurnChanges, options.ChurnPerSecond, options.ResyncSeconds, "0s",
        options.OperatorEnvironment);
}
