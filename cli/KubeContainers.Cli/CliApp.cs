using System.CommandLine;
using KubeContainers.Cli.Commands;
using KubeContainers.Cli.Create;

namespace KubeContainers.Cli;

/// <summary>The <c>kubectl mc</c> command tree. kubectl runs this executable (kubectl-mc on PATH) with the words after <c>mc</c>.</summary>
internal static class CliApp
{
    public static RootCommand Build()
    {
        var root = new RootCommand("kubectl mc: run and operate ManagedContainers (kubecontainers.io/v1alpha1)");
        foreach (var option in GlobalOptions.All)
        {
            root.Add(option);
        }

        root.Add(CreateCommand.Build());
        root.Add(ListCommand.Build());
        root.Add(DescribeCommand.Build());
        root.Add(HistoryCommand.Build());
        root.Add(WaitCommand.Build());
        root.Add(EventsCommand.Build());
        root.Add(LogsCommand.Build());
        root.Add(ExecCommand.Build());
        foreach (var command in ChangeCommands.Build())
        {
            root.Add(command);
        }

        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            return await Build().Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (CliException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return e.ExitCode;
        }
        catch (k8s.Autorest.HttpOperationException e)
        {
            await Console.Error.WriteLineAsync($"error: {ApiErrors.Describe(e)}");
            return 1;
        }
        catch (HttpRequestException e)
        {
            await Console.Error.WriteLineAsync($"error: cannot reach the cluster: {e.Message}");
            return 1;
        }
    }
}
