namespace KubeContainers.LocalCluster;

/// <summary>Command-line entry point: serves the cluster until Ctrl-C or SIGTERM.</summary>
public static class LocalClusterProgram
{
    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine("local cluster: not yet implemented");
        return Task.FromResult(args.Length == 0 ? 1 : 1);
    }
}
