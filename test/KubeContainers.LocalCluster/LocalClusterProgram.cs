using System.Globalization;
using System.Runtime.InteropServices;

namespace KubeContainers.LocalCluster;

/// <summary>
/// Command line: <c>--port N</c> (0 picks one), <c>--kubeconfig FILE</c>, <c>--pod-ready-delay-ms N</c>, <c>--config FILE</c>
/// (a cluster shape, JSON or YAML: see <see cref="LocalClusterConfig"/>).
/// Prints one line with the server URL once it serves, then serves until Ctrl-C or SIGTERM.
/// </summary>
public static class LocalClusterProgram
{
    public static async Task<int> RunAsync(string[] args)
    {
        LocalClusterOptions options;
        try
        {
            options = Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"local cluster: {e.Message}");
            await Console.Error.WriteLineAsync("usage: KubeContainers.LocalCluster [--port N] [--kubeconfig FILE] [--pod-ready-delay-ms N] [--config FILE]");
            return 2;
        }

        var stop = new TaskCompletionSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        await using (var cluster = await LocalCluster.StartAsync(options))
        {
            Console.WriteLine($"local cluster serving at {cluster.Url.ToString().TrimEnd('/')} (kubeconfig {Path.GetFullPath(cluster.KubeconfigPath)})");
            await stop.Task;
        }

        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.TrySetResult();
        }
    }

    private static LocalClusterOptions Parse(string[] args)
    {
        int port = 0;
        string? kubeconfig = null;
        TimeSpan? podReady = null;
        string? config = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--port":
                    port = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--kubeconfig":
                    kubeconfig = value;
                    break;
                case "--config":
                    config = value;
                    break;
                case "--pod-ready-delay-ms":
                    podReady = TimeSpan.FromMilliseconds(int.Parse(value, CultureInfo.InvariantCulture));
                    break;
                default:
                    throw new ArgumentException($"unknown option {args[i]}");
            }

            i++;
        }

        var defaults = new LocalClusterOptions();
        var options = new LocalClusterOptions
        {
            Port = port,
            KubeconfigPath = kubeconfig,
            PodReadyDelay = podReady ?? defaults.PodReadyDelay,
        };
        if (config is not null && !File.Exists(config))
        {
            throw new ArgumentException($"--config: {config}: no such file");
        }

        return config is null ? options : LocalClusterConfig.Load(config, options);
    }
}
