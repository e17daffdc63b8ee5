using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using KubeContainers.Api;
using KubeContainers.Cli.Kube;

namespace KubeContainers.Cli.Commands;

/// <summary>
/// The verbs that change the spec with one JSON merge patch: <c>stop</c> and <c>start</c> (spec.stopped),
/// <c>restart</c> (a new spec.restartedAt, which the operator rolls every replica for), <c>scale</c> (spec.replicas)
/// and <c>undo</c> (spec.image back to a revision's or the last healthy one). Each warns first when Argo CD or Flux
/// manages the object.
/// </summary>
internal static class ChangeCommands
{
    public static IEnumerable<Command> Build() =>
    [
        Simple("stop", "Scale a ManagedContainer to zero, keeping its configuration and volumes (spec.stopped: true)", "stopped",
            _ => new JsonObject { ["stopped"] = true }),
        Simple("start", "Start a stopped ManagedContainer again (spec.stopped unset)", "started",
            _ => new JsonObject { ["stopped"] = null }),
        Simple("restart", "Replace every replica, rolling (a new spec.restartedAt)", "restarted",
            _ => new JsonObject { ["restartedAt"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) }),
        Scale(),
        Undo(),
    ];

    private static Argument<string> NameArgument() => new("NAME") { Description = "Name of the ManagedContainer" };

    private static Command Simple(string verb, string description, string done, Func<V1Alpha1ManagedContainer, JsonObject> spec)
    {
        var name = NameArgument();
        var command = new Command(verb, description) { name };
        command.SetAction(async (parse, ct) =>
        {
            using var session = Session.Open(parse);
            var mc = await session.Containers.GetAsync(session.Namespace, parse.GetValue(name)!, ct);
            await PatchAsync(session, mc, spec(mc), $"this {verb}", done, ct);
            return 0;
        });
        return command;
    }

    private static Command Scale()
    {
        var name = NameArgument();
        var replicas = new Argument<int>("REPLICAS") { Description = "The number of replicas (spec.replicas)" };
        var command = new Command("scale", "Set the number of replicas (spec.replicas)") { name, replicas };
        command.SetAction(async (parse, ct) =>
        {
            var count = parse.GetValue(replicas);
            if (count < 0)
            {
                throw new CliException($"REPLICAS \"{count}\": must be greater than or equal to 0");
            }

            using var session = Session.Open(parse);
            var mc = await session.Containers.GetAsync(session.Namespace, parse.GetValue(name)!, ct);
            await PatchAsync(session, mc, new JsonObject { ["replicas"] = count }, "this scale", $"scaled to {count}", ct);
            return 0;
        });
        return command;
    }

    private static Command Undo()
    {
        var name = NameArgument();
        var revision = new Option<long?>("--to-revision") { Description = "The revision of status.history to go back to (default: status.lastHealthyImage)" };
        var command = new Command("undo", "Roll back to an earlier image: a revision's, or the last healthy one") { name, revision };
        command.SetAction(async (parse, ct) =>
        {
            using var session = Session.Open(parse);
            var mc = await session.Containers.GetAsync(session.Namespace, parse.GetValue(name)!, ct);
            string image;
            if (parse.GetValue(revision) is { } wanted)
            {
                var history = RolloutHistory.Of(mc);
                var entry = history.FirstOrDefault(h => h.Revision == wanted)
                    ?? throw new CliException($"--to-revision \"{wanted}\": no such revision in status.history (has {(history.Count == 0 ? "none" : string.Join(", ", history.Select(h => h.Revision)))})");
                image = entry.Image;
            }
            else
            {
                image = mc.Status?.LastHealthyImage ?? throw new CliException($"{mc.Metadata.Name} has no status.lastHealthyImage: it was never Ready");
            }

            if (image == mc.Spec.Image)
            {
                Terminal.Line($"managedcontainer.{V1Alpha1ManagedContainer.KubeGroup}/{mc.Metadata.Name} already runs {image}: nothing to undo");
                return 0;
            }

            await PatchAsync(session, mc, new JsonObject { ["image"] = image }, "this rollback", $"rolled back to {image}", ct);
            return 0;
        });
        return command;
    }

    private static async Task PatchAsync(Session session, V1Alpha1ManagedContainer mc, JsonObject spec, string change, string done, CancellationToken ct)
    {
        GitOps.WarnIfManaged(mc.Metadata, change);
        await session.Containers.MergePatchAsync(session.Namespace, mc.Metadata.Name, new JsonObject { ["spec"] = spec }, ct);
        Terminal.Line($"managedcontainer.{V1Alpha1ManagedContainer.KubeGroup}/{mc.Metadata.Name} {done}");
    }
}
