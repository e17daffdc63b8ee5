using System.ComponentModel;
using System.Diagnostics;

namespace KubeContainers.Testing;

/// <summary>Runs a tool (helm, kubectl, lua5.1) to completion with a deadline. A tool that is not installed fails the
/// test with what to do, rather than skipping it: a check that quietly stops running is worse than none.</summary>
public static class ProcessRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string Output => Stdout + Stderr;

        public Result ShouldSucceed(string what)
        {
            ExitCode.ShouldBe(0, $"{what} failed (exit {ExitCode}):\n{Stderr}\n{Stdout}");
            return this;
        }
    }

    public static async Task<Result> RunAsync(
        string file,
        IEnumerable<string> arguments,
        string installHint,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        }
        catch (Win32Exception e)
        {
            throw new ShouldAssertException($"cannot run {file} ({e.Message}): {installHint}");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new ShouldAssertException($"{file} {string.Join(' ', info.ArgumentList)} did not finish in time: {await stdout}{await stderr}");
            }

            return new Result(process.ExitCode, await stdout, await stderr);
        }
    }
}
