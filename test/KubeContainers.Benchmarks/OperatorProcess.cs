using System.Diagnostics;
using System.Globalization;
using System.Net;
using KubeContainers.Testing;

namespace KubeContainers.Benchmarks;

/// <summary>
/// The real operator executable (<c>dotnet KubeContainers.Operator.dll</c>) as a child process against the local
/// cluster's kubeconfig. Its output goes to a log file; its /metrics are scraped; its memory is read from /proc.
/// </summary>
internal sealed class OperatorProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StreamWriter log;
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Uri metrics;
    private readonly Uri ready;
    private bool closed;

    private OperatorProcess(Process process, StreamWriter log, int metricsPort, int healthPort, long startedAt)
    {
        this.process = process;
        this.log = log;
        StartedAt = startedAt;
        metrics = new Uri($"http://127.0.0.1:{metricsPort}/metrics");
        ready = new Uri($"http://127.0.0.1:{healthPort}/readyz");
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary><see cref="Stopwatch.GetTimestamp"/> just before the process was started.</summary>
    public long StartedAt { get; }

    public bool HasExited => process.HasExited;

    /// <summary>The operator's pid (the <c>dotnet</c> host runs the runtime in-process; its diagnostic port is this pid's).</summary>
    public int Id => process.Id;

    public static OperatorProcess Start(
        string operatorDll, string kubeconfig, string logPath, IEnumerable<string> flags, IReadOnlyDictionary<string, string> environment)
    {
        var metricsPort = FreePorts.Next();
        var healthPort = FreePorts.Next();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(operatorDll))!,
        };
        info.ArgumentList.Add(Path.GetFullPath(operatorDll));
        foreach (var arg in (string[])["--kubeconfig", kubeconfig, "--metrics-port", $"{metricsPort}", "--health-port", $"{healthPort}", .. flags])
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        log.WriteLine($"# {string.Concat(environment.Select(e => $"{e.Key}={e.Value} "))}dotnet {string.Join(' ', info.ArgumentList)}");
        var startedAt = Stopwatch.GetTimestamp();
        var process = Process.Start(info) ?? throw new InvalidOperationException("the operator did not start");
        return new OperatorProcess(process, log, metricsPort, healthPort, startedAt);
    }

    /// <summary>A scrape of /metrics; <see cref="MetricsSnapshot.Empty"/> while the operator does not serve yet.</summary>
    public async Task<MetricsSnapshot> ScrapeAsync(CancellationToken ct)
    {
        try
        {
            return MetricsSnapshot.Parse(await http.GetStringAsync(metrics, ct));
        }
        catch (HttpRequestException)
        {
            return MetricsSnapshot.Empty;
        }
    }

    /// <summary>Whether /readyz answers 200: every cache has synced (on a leader and a standby alike).</summary>
    public async Task<bool> IsReadyAsync(CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync(ready, ct);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>SIGKILL, as a node failure or the OOM killer ends it: no lease release, no goodbye. Waits for the exit.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
        }

        await process.WaitForExitAsync();
    }

    /// <summary>CPU time (user and system) the operator has used so far.</summary>
    public TimeSpan CpuTime()
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    /// <summary>Resident memory from /proc/PID/status (VmRSS), in MiB.</summary>
    public double RssMib() => RssMibOf(process.Id);

    /// <summary>VmRSS of any process (the benchmark's own, which hosts the local cluster), in MiB.</summary>
    public static double RssMibOf(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kib = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return kib / 1024.0;
            }
        }

        throw new InvalidOperationException("no VmRSS in /proc/PID/status");
    }

    /// <summary>SIGTERM, then a wait for a graceful exit (killed after 30 s).</summary>
    public async Task StopAsync()
    {
        if (!process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        process.Dispose();
        http.Dispose();
        lock (log)
        {
            closed = true;
            log.Dispose();
        }
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            if (!closed)
            {
                log.WriteLine(line);
            }
        }
    }
}
