using System.Diagnostics;

namespace KubeContainers.Cli.Tests.WholeSystem;

/// <summary><c>make install-plugin PREFIX=dir</c> puts one executable, kubectl-mc, in dir/bin, and kubectl finds it.</summary>
[ClusterTest]
public sealed class InstallPluginTests
{
    [Fact]
    public async Task Make_install_plugin_installs_kubectl_mc_where_kubectl_finds_it()
    {
        var prefix = Directory.CreateTempSubdirectory("kubectl-mc-prefix-");
        try
        {
            var install = await RunAsync("make", ["-C", RepoPaths.Root, "install-plugin", $"PREFIX={prefix.FullName}"], null);
            install.Code.ShouldBe(0, install.Output);

            Directory.GetFiles(Path.Combine(prefix.FullName, "bin")).Select(Path.GetFileName).ShouldBe(["kubectl-mc"]);
            var path = Path.Combine(prefix.FullName, "bin") + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
            var list = await RunAsync("kubectl", ["plugin", "list"], path);
            list.Output.ShouldContain(Path.Combine(prefix.FullName, "bin", "kubectl-mc"));
            list.Output.ShouldNotContain("warning");
            var help = await RunAsync("kubectl", ["mc", "--help"], path);
            help.Code.ShouldBe(0, help.Output);
            help.Output.ShouldContain("wait <NAME>");
        }
        finally
        {
            prefix.Delete(recursive: true);
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string[] args, string? path)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        if (path is not null)
        {
            info.Environment["PATH"] = path;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
