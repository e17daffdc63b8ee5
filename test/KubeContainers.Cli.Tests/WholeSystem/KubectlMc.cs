using System.Diagnostics;

namespace KubeContainers.Cli.Tests.WholeSystem;

/// <summary>
/// The real kubectl running the plugin as a user would: <c>kubectl mc ...</c>, with the built kubectl-mc in a
/// directory of its own on PATH (kubectl finds plugins there by name) and the cluster in KUBECONFIG. kubectl takes
/// no flag before a plugin's name, so the kubeconfig goes by environment, as most users set it.
/// </summary>
public sealed class KubectlMc(string kubeconfig)
{
    private static readonly Lazy<string> PluginDirectory = new(() =>
    {
        var built = Path.Combine(AppContext.BaseDirectory, "kubectl-mc");
        File.Exists(built).ShouldBeTrue($"{built} is missing: the plugin's executable is built beside the tests");
        var dir = Directory.CreateTempSubdirectory("kubectl-mc-path-").FullName;
        File.CreateSymbolicLink(Path.Combine(dir, "kubectl-mc"), built);
        return dir;
    });

    public sealed record Result(int ExitCode, string Stdout, string Stderr, TimeSpan Took);

    public async Task<Result> RunAsync(params string[] args) => await RunAsync(TimeSpan.FromSeconds(90), args);

    public async Task<Result> RunAsync(TimeSpan timeout, params string[] args)
    {
        var started = Stopwatch.StartNew();
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl mc {string.Join(' ', args)} did not finish in {timeout}; output so far: {await stdout}{await stderr}");
        }

        return new Result(process.ExitCode, await stdout, await stderr, started.Elapsed);
    }

    /// <summary>A long-running plugin command (-f, -w); the caller reads its output and kills it.</summary>
    public Process Start(params string[] args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("KUBECTL") ?? "kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("mc");
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["KUBECONFIG"] = kubeconfig;
        info.Environment["PATH"] = PluginDirectory.Value + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        return Process.Start(info) ?? throw new InvalidOperationException("kubectl did not start");
    }
}

public static class KubectlMcResults
{
    public static KubectlMc.Result ShouldSucceed(this KubectlMc.Result result)
    {
        result.ExitCode.ShouldBe(0, $"kubectl mc failed:\n{result.Stderr}\n{result.Stdout}");
        return result;
    }
}
