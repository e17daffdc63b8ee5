using System.Globalization;

namespace KubeContainers.Benchmarks;

/// <summary>
/// What a benchmark run does. Full scale is the issue's: 1,000 and 10,000 ManagedContainers, 100 spec changes a
/// second. <see cref="Scale"/> (flag <c>--scale</c> or <c>BENCH_SCALE</c>) multiplies every count for a shorter run;
/// <see cref="Quick"/> (<c>--quick</c>) is the smoke test's run: 10 and 20 containers, seconds in all.
/// </summary>
internal sealed record BenchOptions
{
    public const string Usage =
        "usage: KubeContainers.Benchmarks [--quick] [--churn-only] [--scale F] [--output FILE] [--operator-dll FILE] [--crd FILE]\n" +
        "                                 [--qps N] [--burst N] [--workers N] [--per-namespace N] [--operator-env KEY=VALUE]...\n" +
        "                                 [--startup-only] [--startup-restarts N] [--startup-compare-dll FILE]...\n" +
        "  BENCH_SCALE=F in the environment is --scale F (0.1 runs 100 and 1,000 containers).";

    public double Scale { get; init; } = 1;

    public bool Quick { get; init; }

    /// <summary><c>--startup-only</c>: the large set, converged once, then only restarts of the operator timed to
    /// its first reconcile (<c>BenchmarkRunner.Startup.cs</c>); 10–20 minutes instead of the full run's quarter hour and more.</summary>
    public bool StartupOnly { get; init; }

    /// <summary>How many restarts <c>--startup-only</c> times (the median is the figure).</summary>
    public int StartupRestarts { get; init; } = 3;

    /// <summary>Other operator builds for <c>--startup-only</c>: the restarts go round them and
    /// <see cref="OperatorDll"/>, so they are compared under the same load on one stored cluster.</summary>
    public IReadOnlyList<string> StartupCompareDlls { get; init; } = [];

    /// <summary><c>--churn-only</c>: only the phases the churn figures need (startup, the large set, the churn, the
    /// direct churn), for iterating on them.</summary>
    public bool ChurnOnly { get; init; }

    /// <summary>Where results.json goes; the operator's logs go beside it.</summary>
    public string Output { get; init; } = Path.Combine("artifacts", "bench", "results.json");

    public string OperatorDll { get; init; } = Path.Combine(AppContext.BaseDirectory, "KubeContainers.Operator.dll");

    /// <summary>The ManagedContainer CRD; found from the working directory or the binary upwards when null.</summary>
    public string? CrdPath { get; init; }

    /// <summary>The operator's client rate limit. Its defaults (50/100) suit a shared apiserver, not this
    /// benchmark, where the local server's own ceiling should be the limit.</summary>
    public double Qps { get; init; } = 1000;

    public int Burst { get; init; } = 2000;

    /// <summary>The operator's default.</summary>
    public int Workers { get; init; } = 4;

    /// <summary>Environment variables for the operator process (<c>--operator-env DOTNET_GCgen0size=0x2000000</c>), for experiments.</summary>
    public IReadOnlyDictionary<string, string> OperatorEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>Containers per namespace: tenants, as on a shared platform.</summary>
    public int PerNamespace { get; init; } = 100;

    public int SmallCount => Quick ? 10 : Scaled(1000);

    public int LargeCount => Quick ? 20 : Scaled(10_000);

    /// <summary>ConfigMaps created for the ceiling (after <see cref="CeilingWarmup"/> untimed ones).</summary>
    public int CeilingCount => Quick ? 100 : Math.Max(500, Scaled(5000));

    public int CeilingWarmup => Quick ? 20 : 500;

    public int CeilingParallelism => 16;

    public double ChurnPerSecond => Quick ? 10 : 100;

    /// <summary>Spec changes in the churn phase: 30 s at <see cref="ChurnPerSecond"/>, each to a different container.</summary>
    public int ChurnChanges => Math.Min(LargeCount, (int)(ChurnPerSecond * (Quick ? 2 : 30)));

    /// <summary>The resync period of the operator in the steady-state phase; longer than its first pass over everything.</summary>
    public int ResyncSeconds => Quick ? 2 : Math.Max(5, (int)Math.Round(120 * Scale));

    /// <summary>How long the operator sits idle before its idle memory is read.</summary>
    public TimeSpan IdleSettle => Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(10);

    /// <summary>How long the operator must go without a write (and with an empty queue) to count as settled.</summary>
    public TimeSpan SettleQuiet => Quick ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(1);

    public TimeSpan ConvergeTimeout(int count) => TimeSpan.FromSeconds(60 + (count * 0.2));

    /// <summary>Rollouts take the simulated controllers several steps each.</summary>
    public TimeSpan ChurnTimeout(int changes) => TimeSpan.FromSeconds(120 + (changes * 0.5));

    public static BenchOptions Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var options = new BenchOptions();
        if (environment("BENCH_SCALE") is { Length: > 0 } scale)
        {
            options = options with { Scale = Positive(double.Parse(scale, CultureInfo.InvariantCulture), "BENCH_SCALE") };
        }

        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--quick")
            {
                options = options with { Quick = true };
                continue;
            }

            if (args[i] == "--startup-only")
            {
                options = options with { StartupOnly = true };
                continue;
            }

            if (args[i] == "--churn-only")
            {
                options = options with { ChurnOnly = true };
                continue;
            }

            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i - 1] switch
            {
                "--scale" => options with { Scale = Positive(double.Parse(value, CultureInfo.InvariantCulture), "--scale") },
                "--output" => options with { Output = value },
                "--operator-dll" => options with { OperatorDll = value },
                "--crd" => options with { CrdPath = value },
                "--qps" => options with { Qps = Positive(double.Parse(value, CultureInfo.InvariantCulture), "--qps") },
                "--burst" => options with { Burst = (int)Positive(int.Parse(value, CultureInfo.InvariantCulture), "--burst") },
                "--workers" => options with { Workers = (int)Positive(int.Parse(value, CultureInfo.InvariantCulture), "--workers") },
                "--operator-env" when value.IndexOf('=', StringComparison.Ordinal) > 0 => options with
                {
                    OperatorEnvironment = new Dictionary<string, string>(options.OperatorEnvironment)
                    {
                        [value[..value.IndexOf('=', StringComparison.Ordinal)]] = value[(value.IndexOf('=', StringComparison.Ordinal) + 1)..],
                    },
                },
                "--startup-compare-dll" => options with { StartupCompareDlls = [.. options.StartupCompareDlls, value] },
                "--startup-restarts" => options with { StartupRestarts = (int)Positive(int.Parse(value, CultureInfo.InvariantCulture), "--startup-restarts") },
                "--per-namespace" => options with { PerNamespace = (int)Positive(int.Parse(value, CultureInfo.InvariantCulture), "--per-namespace") },
                _ => throw new ArgumentException($"unknown option {args[i - 1]}"),
            };
        }

        return options is { StartupOnly: true, ChurnOnly: true }
            ? throw new ArgumentException("--startup-only and --churn-only each pick the phases to run: give one")
            : options;
    }

    /// <summary>The CRD file: <see cref="CrdPath"/>, else crds/ found from the working directory or the binary upwards.</summary>
    public string FindCrd()
    {
        if (CrdPath is not null)
        {
            return CrdPath;
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "crds", "kubecontainers.io_managedcontainers.yaml");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException("crds/kubecontainers.io_managedcontainers.yaml not found above the working directory; pass --crd");
    }

    private int Scaled(int count) => Math.Max(1, (int)Math.Round(count * Scale));

    private static double Positive(double value, string name) =>
        value > 0 ? value : throw new ArgumentException($"{name} must be positive");
}
