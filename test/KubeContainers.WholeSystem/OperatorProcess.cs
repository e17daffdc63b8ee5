using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using KubeContainers.Testing;

namespace KubeContainers.WholeSystem;

/// <summary>
/// The real operator executable (KubeContainers.Operator.dll beside the tests) as a child process, against a
/// kubeconfig. Its output is kept for the failure message of a test.
/// </summary>
public sealed class OperatorProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private OperatorProcess(Process process, int metricsPort, int healthPort)
    {
        this.process = process;
        MetricsPort = metricsPort;
        HealthPort = healthPort;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int MetricsPort { get; }

    /// <summary>Where /healthz and /readyz are served.</summary>
    public int HealthPort { get; }

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>The last lines the operator printed.</summary>
    public string Output => string.Join('\n', output);

    public static OperatorProcess Start(string kubeconfig, IEnumerable<string>? flags = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var metricsPort = FreePorts.Next();
        var healthPort = FreePorts.Next();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "KubeContainers.Operator.dll"));
        foreach (var arg in (string[])["--kubeconfig", kubeconfig, "--metrics-port", $"{metricsPort}", "--health-port", $"{healthPort}", .. flags ?? []])
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return new OperatorProcess(Process.Start(info) ?? throw new InvalidOperationException("the operator did not start"), metricsPort, healthPort);
    }

    /// <summary>The sum of a counter (all label sets) on /metrics; 0 before the operator serves.</summary>
    public async Task<double> CounterAsync(string name)
    {
        var text = await MetricsTextAsync();
        return text.Split('\n')
            .Where(l => l.StartsWith(name, StringComparison.Ordinal) && (l.Length == name.Length || l[name.Length] is ' ' or '{'))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The /metrics page as Prometheus scrapes it.</summary>
    public async Task<string> MetricsTextAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        return await http.GetStringAsync(new Uri($"http://127.0.0.1:{MetricsPort}/metrics"));
    }

    /// <summary>Waits until /readyz answers 200: every cache has synced, so what the test does next is seen by a
    /// running operator rather than raced against its start.</summary>
    public async Task WaitReadyAsync(TimeSpan within)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            try
            {
                using var answer = await http.GetAsync(new Uri($"http://127.0.0.1:{HealthPort}/readyz"));
                if (answer.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // A slow answer on a loaded machine: ask again.
            }

            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the operator was not ready within {within} (exited: {process.HasExited})\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>SIGTERM: a graceful stop.</summary>
    public void Terminate()
    {
        if (!process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", $"{process.Id}"]);
            kill.WaitForExit();
        }
    }

    /// <summary>SIGKILL: no chance to clean up.</summary>
    public void KillHard()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan within)
    {
        using var deadline = new CancellationTokenSource(within);
        await process.WaitForExitAsync(deadline.Token);
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        KillHard();
        await process.WaitForExitAsync();
        process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > 400)
        {
            output.TryDequeue(out _);
        }
    }
}
