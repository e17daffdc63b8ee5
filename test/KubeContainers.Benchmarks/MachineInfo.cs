using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace KubeContainers.Benchmarks;

/// <summary>The machine a run was measured on: every figure depends on it.</summary>
internal sealed record MachineInfo(int Cores, string? CpuModel, double MemoryGib, string Os, string Dotnet, string Runtime)
{
    public static MachineInfo Current() => new(
        Environment.ProcessorCount,
        ProcField("/proc/cpuinfo", "model name"),
        Math.Round((ProcKib("/proc/meminfo", "MemTotal") ?? 0) / 1024.0 / 1024.0, 1),
        OsName(),
        Environment.Version.ToString(),
        RuntimeInformation.FrameworkDescription);

    /// <summary>The 1, 5 and 15 minute load averages, as /proc/loadavg gives them.</summary>
    public static string? LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null;

    /// <summary>The CPU this process (the local cluster, its controllers and the benchmark's clients) has used.</summary>
    public static TimeSpan ClusterCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    public override string ToString() =>
        $"{Cores} cores ({CpuModel ?? "unknown CPU"}), {MemoryGib.ToString("0.#", CultureInfo.InvariantCulture)} GiB, {Os}, .NET {Dotnet}";

    private static string OsName()
    {
        var name = ProcField("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"') ?? RuntimeInformation.OSDescription;
        var kernel = File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : null;
        return kernel is null ? name : $"{name}, Linux {kernel}";
    }

    private static long? ProcKib(string file, string field) =>
        ProcField(file, field) is { } value ? long.Parse(value.Split(' ')[0], CultureInfo.InvariantCulture) : null;

    private static string? ProcField(string file, string field, char separator = ':')
    {
        if (!File.Exists(file))
        {
            return null;
        }

        foreach (var line in File.ReadLines(file))
        {
            var at = line.IndexOf(separator, StringComparison.Ordinal);
            if (at > 0 && line[..at].Trim() == field)
            {
                return line[(at + 1)..].Trim();
            }
        }

        return null;
    }
}
