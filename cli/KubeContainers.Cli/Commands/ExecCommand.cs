using System.CommandLine;
using k8s;
using k8s.Models;
using KubeContainers.Cli.Kube;

namespace KubeContainers.Cli.Commands;

/// <summary>
/// <c>kubectl mc exec NAME [-i] [-t] [--pod P] -- CMD...</c>: runs a command in a ready replica (the first by name,
/// or <c>--pod</c>) over the exec WebSocket, copies its output, and exits with its exit code.
/// </summary>
internal static class ExecCommand
{
    public static Command Build()
    {
        var name = new Argument<string>("NAME") { Description = "Name of the ManagedContainer" };
        var argv = new Argument<string[]>("COMMAND") { Description = "After --: the command and its arguments", Arity = ArgumentArity.OneOrMore };
        var stdin = new Option<bool>("--stdin", "-i") { Description = "Pass stdin to the command" };
        var tty = new Option<bool>("--tty", "-t") { Description = "Allocate a TTY for the command" };
        var pod = new Option<string?>("--pod") { Description = "The pod to run in (default: the first ready one)" };
        var command = new Command("exec", "Run a command in a ready replica of a ManagedContainer") { name, argv, stdin, tty, pod };
        command.SetAction(async (parse, ct) =>
        {
            using var session = Session.Open(parse);
            var container = parse.GetValue(name)!;
            await session.Containers.GetAsync(session.Namespace, container, ct);
            var target = await ChooseAsync(session, container, parse.GetValue(pod), ct);
            return await RunAsync(session.Client, target, parse.GetValue(argv)!, parse.GetValue(stdin), parse.GetValue(tty), ct);
        });
        return command;
    }

    private static async Task<V1Pod> ChooseAsync(Session session, string container, string? wanted, CancellationToken ct)
    {
        var pods = await Related.PodsAsync(session.Client, session.Namespace, container, ct);
        if (wanted is not null)
        {
            return pods.FirstOrDefault(p => p.Metadata.Name == wanted)
                ?? throw new CliException($"--pod \"{wanted}\": not a pod of {container} (its pods: {(pods.Count == 0 ? "none" : string.Join(", ", pods.Select(p => p.Metadata.Name)))})");
        }

        return pods.FirstOrDefault(Related.IsReady)
            ?? throw new CliException($"{container} has no ready pod to exec into ({pods.Count} pod(s), none ready); name one with --pod");
    }

    private static async Task<int> RunAsync(Kubernetes client, V1Pod pod, string[] argv, bool stdin, bool tty, CancellationToken ct)
    {
        using var socket = await client.WebSocketNamespacedPodExecAsync(
            pod.Metadata.Name, pod.Metadata.NamespaceProperty, argv, pod.Spec.Containers[0].Name,
            stderr: !tty, stdin: stdin, stdout: true, tty: tty, cancellationToken: ct);
        using var demuxer = new StreamDemuxer(socket);
        demuxer.Start();
        var stdout = demuxer.GetStream(ChannelIndex.StdOut, null);
        var stderr = demuxer.GetStream(ChannelIndex.StdErr, null);
        var status = demuxer.GetStream(ChannelIndex.Error, null);
        var copies = new List<Task>
        {
            stdout.CopyToAsync(Console.OpenStandardOutput(), ct),
            tty ? Task.CompletedTask : stderr.CopyToAsync(Console.OpenStandardError(), ct),
        };
        if (stdin)
        {
            var input = demuxer.GetStream(null, ChannelIndex.StdIn);
            _ = Task.Run(() => Console.OpenStandardInput().CopyToAsync(input, ct), ct);
        }

        using var reader = new StreamReader(status);
        var result = await reader.ReadToEndAsync(ct);
        // The status comes last; give the output channels a moment to drain what arrived before it.
        await Task.WhenAny(Task.WhenAll(copies), Task.Delay(TimeSpan.FromSeconds(5), ct));
        return ExitCode(result);
    }

    /// <summary>The exit code from the exec's closing Status (channel 3): Success is 0; a Failure carries the code as
    /// the ExitCode cause, or says why the command could not run.</summary>
    private static int ExitCode(string statusJson)
    {
        if (string.IsNullOrWhiteSpace(statusJson))
        {
            return 0;
        }

        var status = KubernetesJson.Deserialize<V1Status>(statusJson);
        if (status.Status == "Success")
        {
            return 0;
        }

        var code = status.Details?.Causes?.FirstOrDefault(c => c.Reason == "ExitCode")?.Message;
        if (code is not null && int.TryParse(code, out var exit))
        {
            return exit;
        }

        throw new CliException(status.Message ?? "the command failed");
    }
}
