using System.CommandLine;
using KubeContainers.Api;
using KubeContainers.Cli.Kube;

namespace KubeContainers.Cli.Commands;

/// <summary>
/// <c>kubectl mc wait NAME [--for ready|completed|deleted] [--timeout D]</c>: what a CI job gates on. Exit 0 once it
/// holds; exit 1 at once, with the operator's reason, when the container is Failed or Stalled (it will not get there
/// without a change); exit 2 when the timeout passes first. Follows a watch, never polls.
/// </summary>
internal static class WaitCommand
{
    public const int TimedOut = 2;

    public static Command Build()
    {
        var name = new Argument<string>("NAME") { Description = "Name of the ManagedContainer" };
        var goal = new Option<string>("--for") { Description = "ready (default), completed (a oneShot succeeded) or deleted", DefaultValueFactory = _ => "ready" };
        goal.AcceptOnlyFromAmong("ready", "completed", "deleted");
        var timeout = new Option<string>("--timeout") { Description = "How long to wait, e.g. 90s or 5m (default 5m)", DefaultValueFactory = _ => "5m" };
        var command = new Command("wait", "Wait until a ManagedContainer is ready, completed or deleted; fail at once when it is Failed or Stalled") { name, goal, timeout };
        command.SetAction(async (parse, ct) =>
        {
            var limit = Durations.Parse("--timeout", parse.GetValue(timeout)!);
            var target = Enum.Parse<WaitGoal>(parse.GetValue(goal)!, ignoreCase: true);
            var container = parse.GetValue(name)!;
            using var session = Session.Open(parse);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(limit);
            try
            {
                await Terminal.WhileAsync($"waiting for {container} to be {target.ToString().ToLowerInvariant()}", () =>
                    ContainerWatch.UntilAsync(session.Containers, session.Namespace, container, mc => Verdict.Judge(mc, target, container), _ => { }, deadline.Token));
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new CliException($"timed out after {parse.GetValue(timeout)} waiting for {container} to be {target.ToString().ToLowerInvariant()}", TimedOut);
            }

            Terminal.Line($"managedcontainer.{V1Alpha1ManagedContainer.KubeGroup}/{container} {(target == WaitGoal.Deleted ? "deleted" : "condition met")}");
            return 0;
        });
        return command;
    }
}
