using System.CommandLine;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeContainers.Cli.Kube;

namespace KubeContainers.Cli.Commands;

/// <summary><c>kubectl mc events NAME [-w]</c>: the container's Events, oldest first; <c>-w</c> then follows new ones.</summary>
internal static class EventsCommand
{
    private static readonly IReadOnlyList<string> Headers = ["Last seen", "Type", "Reason", "Message"];

    public static Command Build()
    {
        var name = new Argument<string>("NAME") { Description = "Name of the ManagedContainer" };
        var watch = new Option<bool>("--watch", "-w") { Description = "After listing, print new Events as they happen" };
        var output = OutputFormat.Option();
        var command = new Command("events", "List the Events of a ManagedContainer") { name, watch, output };
        command.SetAction(async (parse, ct) =>
        {
            using var session = Session.Open(parse);
            var container = parse.GetValue(name)!;
            await session.Containers.GetAsync(session.Namespace, container, ct);
            var (events, version) = await Related.EventsAsync(session.Client, session.Namespace, container, ct);
            var format = parse.GetValue(output);
            if (format is not null)
            {
                Console.Out.Write(OutputFormat.Render(format, OutputFormat.List(events.Select(e => (JsonNode)ManifestJson.Full(e)))));
            }
            else if (events.Count == 0 && !parse.GetValue(watch))
            {
                await Console.Error.WriteLineAsync($"No events found for {container} in {session.Namespace} namespace.");
            }
            else
            {
                Terminal.Table(Headers, events.Select(Row));
            }

            if (parse.GetValue(watch))
            {
                await FollowAsync(session, container, version, format, ct);
            }

            return 0;
        });
        return command;
    }

    private static IReadOnlyList<string> Row(Corev1Event e) =>
        [Durations.Since(Related.LastSeen(e)), e.Type ?? "", e.Reason ?? "", e.Message ?? ""];

    /// <summary>New and updated (counted again) Events from the list's resourceVersion on, until interrupted.</summary>
    private static async Task FollowAsync(Session session, string container, string? version, string? format, CancellationToken ct)
    {
        try
        {
            await foreach (var (type, e) in session.Client.CoreV1.WatchListNamespacedEventAsync(
                session.Namespace, fieldSelector: Related.EventSelector(container), resourceVersion: version, allowWatchBookmarks: false, cancellationToken: ct))
            {
                if (type is not (WatchEventType.Added or WatchEventType.Modified))
                {
                    continue;
                }

                Console.Out.Write(format is null
                    ? string.Join("   ", Row(e)) + "\n"
                    : OutputFormat.Render(format, ManifestJson.Full(e)) + (format == OutputFormat.Yaml ? "---\n" : ""));
                await Console.Out.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl-C: the normal end of a watch.
        }
    }
}
