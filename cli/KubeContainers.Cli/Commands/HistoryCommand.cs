using System.CommandLine;
using System.Text.Json.Nodes;
using k8s;
using KubeContainers.Api;
using KubeContainers.Cli.Kube;

namespace KubeContainers.Cli.Commands;

/// <summary><c>kubectl mc history NAME</c>: the rollouts of status.history, newest first.</summary>
internal static class HistoryCommand
{
    public static readonly IReadOnlyList<string> Headers = ["Revision", "Image", "Change", "Started", "Ready", "Outcome"];

    public static IReadOnlyList<string> Row(RolloutRecord e) =>
        [$"{e.Revision}", e.Image, e.Change, Durations.Since(e.StartedAt), e.ReadyAt is null ? "-" : Durations.Since(e.ReadyAt), e.Outcome ?? ""];

    public static Command Build()
    {
        var name = new Argument<string>("NAME") { Description = "Name of the ManagedContainer" };
        var output = OutputFormat.Option();
        var command = new Command("history", "List the rollouts of a ManagedContainer (status.history)") { name, output };
        command.SetAction(async (parse, ct) =>
        {
            using var session = Session.Open(parse);
            var history = RolloutHistory.Of(await session.Containers.GetAsync(session.Namespace, parse.GetValue(name)!, ct));
            if (parse.GetValue(output) is { } format)
            {
                Console.Out.Write(OutputFormat.Render(format, OutputFormat.List(history.Select(h => JsonNode.Parse(KubernetesJson.Serialize(h))!))));
                return 0;
            }

            if (history.Count == 0)
            {
                await Console.Error.WriteLineAsync($"{parse.GetValue(name)} has no rollout history yet");
                return 0;
            }

            Terminal.Table(Headers, history.Select(Row));
            return 0;
        });
        return command;
    }
}
