using System.CommandLine;
using KubeContainers.Api;
using KubeContainers.Cli.Commands;
using KubeContainers.Cli.Kube;

namespace KubeContainers.Cli.Create;

/// <summary>
/// <c>kubectl mc create NAME --image I ...</c>: creates the ManagedContainer and, unless <c>--no-wait</c>, waits until
/// it is Ready (a oneShot until it succeeds), showing the checks as they turn true, then prints the URL.
/// <c>--dry-run -o yaml</c> prints the manifest instead, for Git.
/// </summary>
internal static class CreateCommand
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    public static Command Build()
    {
        var output = OutputFormat.Option();
        var command = new Command("create", "Create a ManagedContainer and wait until it is Ready") { CreateFlags.Name, CreateFlags.Command, output };
        foreach (var option in CreateFlags.Options)
        {
            command.Add(option);
        }

        command.SetAction((parse, ct) => RunAsync(parse, parse.GetValue(output), ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, string? format, CancellationToken ct)
    {
        var timeout = parse.GetValue(CreateFlags.Timeout) is { } t ? Durations.Parse("--timeout", t) : DefaultTimeout;
        if (parse.GetValue(CreateFlags.DryRun))
        {
            // No cluster needed: the namespace goes in only when given, so the file applies to any namespace.
            var manifest = ManifestBuilder.Build(parse, parse.GetValue(GlobalOptions.Namespace));
            Console.Out.Write(OutputFormat.Render(format ?? OutputFormat.Yaml, ManifestJson.Node(manifest)));
            return 0;
        }

        using var session = Session.Open(parse);
        var container = ManifestBuilder.Build(parse, session.Namespace);
        var name = container.Metadata.Name;
        var created = await session.Containers.CreateAsync(container, ct);
        if (format is not null)
        {
            Console.Out.Write(OutputFormat.Render(format, ManifestJson.Full(created)));
        }
        else
        {
            Terminal.Line($"managedcontainer.{V1Alpha1ManagedContainer.KubeGroup}/{name} created");
        }

        if (parse.GetValue(CreateFlags.NoWait))
        {
            return 0;
        }

        var goal = container.Spec.Mode == WorkloadModes.OneShot ? WaitGoal.Completed : WaitGoal.Ready;
        var progress = new CheckProgress();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        V1Alpha1ManagedContainer? done;
        try
        {
            done = await Terminal.WhileAsync($"waiting for {name} to be {goal}", () =>
                ContainerWatch.UntilAsync(session.Containers, session.Namespace, name, mc => Verdict.Judge(mc, goal, name), progress.Show, deadline.Token));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CliException($"timed out after {timeout} waiting for {name} to be {goal}");
        }

        Terminal.Marked(goal == WaitGoal.Ready ? "Ready" : "Succeeded", done?.Status?.Url ?? done?.Status?.InternalUrl ?? name);
        return 0;
    }
}
