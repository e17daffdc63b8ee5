using System.CommandLine;
using KubeContainers.Cli.Kube;

namespace KubeContainers.Cli.Commands;

/// <summary><c>kubectl mc list [--phase P] [-A]</c>: the containers with their phase, readiness and URL.</summary>
internal static class ListCommand
{
    public static Command Build()
    {
        var phase = new Option<string?>("--phase") { Description = "Only containers in this phase (Running, Failed, Stopped, ...)" };
        var all = new Option<bool>("--all-namespaces", "-A") { Description = "List the containers of every namespace" };
        var output = OutputFormat.Option();
        var command = new Command("list", "List ManagedContainers") { phase, all, output };
        command.Aliases.Add("ls");
        command.SetAction(async (parse, ct) =>
        {
            using var session = Session.Open(parse);
            var allNamespaces = parse.GetValue(all);
            var wanted = parse.GetValue(phase);
            var items = (await session.Containers.ListAsync(allNamespaces ? null : session.Namespace, ct))
                .Where(mc => wanted is null || string.Equals(mc.Status?.Phase, wanted, StringComparison.OrdinalIgnoreCase))
                .OrderBy(mc => mc.Metadata.NamespaceProperty, StringComparer.Ordinal)
                .ThenBy(mc => mc.Metadata.Name, StringComparer.Ordinal)
                .ToList();
            if (parse.GetValue(output) is { } format)
            {
                Console.Out.Write(OutputFormat.Render(format, OutputFormat.List(items.Select(ManifestJson.Full))));
                return 0;
            }

            if (items.Count == 0)
            {
                await Console.Error.WriteLineAsync(allNamespaces ? "No resources found" : $"No resources found in {session.Namespace} namespace.");
                return 0;
            }

            List<string> headers = [.. allNamespaces ? ["Namespace"] : Array.Empty<string>(), "Name", "Phase", "Ready", "URL", "Age"];
            Terminal.Table(headers, items.Select(mc => (IReadOnlyList<string>)[
                .. allNamespaces ? [mc.Metadata.NamespaceProperty] : Array.Empty<string>(),
                mc.Metadata.Name,
                mc.Status?.Phase ?? "",
                mc.Status?.Ready ?? "",
                mc.Status?.Url ?? "",
                Durations.Since(mc.Metadata.CreationTimestamp),
            ]));
            return 0;
        });
        return command;
    }
}
