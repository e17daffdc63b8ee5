using System.CommandLine;
using k8s;
using k8s.Models;
using KubeContainers.Cli.Kube;

namespace KubeContainers.Cli.Commands;

/// <summary>
/// <c>kubectl mc logs NAME [-f] [--tail N] [--since D] [--previous] [--timestamps]</c>: every replica's log (a
/// oneShot's Job pod's), found by the operator's label, each line prefixed as <c>kubectl logs --prefix</c> does,
/// <c>[pod/POD/CONTAINER]</c>. Without -f the pods are read one after the other; with -f all are followed at once.
/// </summary>
internal static class LogsCommand
{
    public static Command Build()
    {
        var name = new Argument<string>("NAME") { Description = "Name of the ManagedContainer" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Stream the logs as they are written" };
        var tail = new Option<int?>("--tail") { Description = "Lines of recent log to show per pod" };
        var since = new Option<string?>("--since") { Description = "Only lines newer than this duration, e.g. 5m" };
        var previous = new Option<bool>("--previous", "-p") { Description = "The previous (restarted) container's log" };
        var timestamps = new Option<bool>("--timestamps") { Description = "Start each line with its RFC 3339 time" };
        var command = new Command("logs", "Print the logs of every replica of a ManagedContainer") { name, follow, tail, since, previous, timestamps };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(tail) is < -1)
            {
                throw new CliException($"--tail \"{parse.GetValue(tail)}\": must be -1 (all) or greater");
            }

            int? sinceSeconds = parse.GetValue(since) is { } s ? (int)Math.Ceiling(Durations.Parse("--since", s).TotalSeconds) : null;
            var options = new LogOptions(parse.GetValue(follow), parse.GetValue(tail) is { } t && t >= 0 ? t : null, sinceSeconds, parse.GetValue(previous), parse.GetValue(timestamps));
            using var session = Session.Open(parse);
            var container = parse.GetValue(name)!;
            await session.Containers.GetAsync(session.Namespace, container, ct);
            var pods = await Related.PodsAsync(session.Client, session.Namespace, container, ct);
            if (pods.Count == 0)
            {
                throw new CliException($"{container} has no pods (stopped, expired or not scheduled yet)");
            }

            var output = new LineWriter();
            if (options.Follow)
            {
                await Task.WhenAll(pods.Select(p => CopyAsync(session.Client, p, options, output, ct)));
            }
            else
            {
                foreach (var pod in pods)
                {
                    await CopyAsync(session.Client, pod, options, output, ct);
                }
            }

            return 0;
        });
        return command;
    }

    private sealed record LogOptions(bool Follow, int? Tail, int? SinceSeconds, bool Previous, bool Timestamps);

    private static async Task CopyAsync(Kubernetes client, V1Pod pod, LogOptions options, LineWriter output, CancellationToken ct)
    {
        var containerName = pod.Spec.Containers[0].Name;
        var prefix = $"[pod/{pod.Metadata.Name}/{containerName}] ";
        try
        {
            using var stream = await client.CoreV1.ReadNamespacedPodLogAsync(
                pod.Metadata.Name, pod.Metadata.NamespaceProperty, container: containerName, follow: options.Follow,
                previous: options.Previous, sinceSeconds: options.SinceSeconds, tailLines: options.Tail, timestamps: options.Timestamps,
                cancellationToken: ct);
            using var reader = new StreamReader(stream);
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                output.Write(prefix + line);
            }
        }
        catch (k8s.Autorest.HttpOperationException e)
        {
            // One pod that cannot answer (not started yet, no previous run) does not hide the others' logs.
            output.Error($"{prefix}{ApiErrors.Describe(e)}");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl-C ends a follow.
        }
    }

    /// <summary>Whole lines from several pods, never interleaved mid-line.</summary>
    private sealed class LineWriter
    {
        private readonly Lock gate = new();

        public void Write(string line)
        {
            lock (gate)
            {
                Console.Out.WriteLine(line);
                Console.Out.Flush();
            }
        }

        public void Error(string line)
        {
            lock (gate)
            {
                Console.Error.WriteLine($"error: {line}");
            }
        }
    }
}
