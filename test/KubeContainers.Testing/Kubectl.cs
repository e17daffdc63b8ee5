using System.Diagnostics;

namespace KubeContainers.Testing;

/// <summary>
/// Runs the real kubectl (/usr/bin/kubectl or KUBECTL) against a kubeconfig, with a deadline. <paramref name="cacheDir"/>
/// (--cache-dir) keeps kubectl's discovery cache to one cluster: the default one is keyed by host and port, so a
/// cluster on a port an older build once used would be described by that build's discovery for hours.
/// </summary>
public sealed class Kubectl(string kubeconfig, string? cacheDir = null)
{
    private static readonly string Binary = Environment.GetEnvironmentVariable("KUBECTL") ?? "kubectl";

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string Output => Stdout + Stderr;

        public Result ShouldSucceed()
        {
            ExitCode.ShouldBe(0, $"kubectl failed:\n{Stderr}\n{Stdout}");
            return this;
        }

        public Result ShouldFail()
        {
            ExitCode.ShouldNotBe(0, $"kubectl was expected to fail:\n{Stdout}");
            return this;
        }
    }

    public async Task<Result> RunAsync(string arguments, string? stdin = null, TimeSpan? timeout = null)
    {
        using var process = Start(arguments, stdin is not null);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {arguments} did not finish in time; output so far: {await stdout}{await stderr}");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts a long-running kubectl (e.g. get -w); the caller reads its output and kills it.</summary>
    public Process Start(string arguments, bool redirectStdin = false)
    {
        var info = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--kubeconfig");
        info.ArgumentList.Add(kubeconfig);
        if (cacheDir is not null)
        {
            info.ArgumentList.Add("--cache-dir");
            info.ArgumentList.Add(cacheDir);
        }

        foreach (var argument in Split(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("kubectl did not start");
    }

    /// <summary>Splits a command line as a shell would for the cases tests use: spaces, and '...' or "..." quoting.</summary>
    private static IEnumerable<string> Split(string arguments)
    {
        var current = new System.Text.StringBuilder();
        var started = false;
        char? quote = null;
        foreach (var c in arguments)
        {
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                started = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (started)
                {
                    yield return current.ToString();
                    current.Clear();
                    started = false;
                }
            }
            else
            {
                current.Append(c);
                started = true;
            }
        }

        if (started)
        {
            yield return current.ToString();
        }
    }
}
