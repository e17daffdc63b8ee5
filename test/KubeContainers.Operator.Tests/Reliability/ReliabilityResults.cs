using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeContainers.Operator.Tests.Support;

namespace KubeContainers.Operator.Tests.Reliability;

/// <summary>
/// The suite's figures, in <c>artifacts/reliability/results.json</c> at the repository root: one entry per scenario
/// (replaced when the scenario runs again), with the faults injected, the recovery times and what was lost.
/// docs/reliability.md quotes a run of this file.
/// </summary>
internal static class ReliabilityResults
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string FilePath => RepoPaths.File(Path.Combine("artifacts", "reliability", "results.json"));

    /// <summary>Records one scenario; call it after the final <see cref="ConvergenceCheck"/> passed.</summary>
    public static async Task RecordAsync(Scenario scenario)
    {
        await Gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            var root = File.Exists(FilePath) && JsonNode.Parse(await File.ReadAllTextAsync(FilePath)) is JsonObject existing ? existing : [];
            var scenarios = root["scenarios"] as JsonObject ?? [];
            scenarios[scenario.Name] = scenario.ToJson();
            var ordered = new JsonObject();
            foreach (var (name, value) in scenarios.OrderBy(s => s.Key, StringComparer.Ordinal).ToList())
            {
                scenarios.Remove(name);
                ordered[name] = value;
            }

            var file = new JsonObject
            {
                ["machine"] = new JsonObject
                {
                    ["processors"] = Environment.ProcessorCount,
                    ["os"] = RuntimeInformation.OSDescription,
                    ["runtime"] = RuntimeInformation.FrameworkDescription,
                },
                ["containersPerScenario"] = ReliabilityCluster.Fleet,
                ["scenarios"] = ordered,
            };
            await File.WriteAllTextAsync(FilePath, file.ToJsonString(Indented) + "\n");
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>One scenario's figures. Recovery times are in seconds.</summary>
    public sealed class Scenario(string name, string proves)
    {
        public string Name => name;

        public JsonObject Faults { get; } = [];

        public JsonObject RecoverySeconds { get; } = [];

        public JsonObject Details { get; } = [];

        public int Changes { get; set; }

        public ConvergenceCheck.Snapshot? Final { get; set; }

        public void Recovery(string what, TimeSpan took) => RecoverySeconds[what] = Math.Round(took.TotalSeconds, 2);

        public JsonObject ToJson() => new()
        {
            ["proves"] = proves,
            ["recordedAt"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            ["containers"] = Final?.Containers,
            ["specChanges"] = Changes,
            ["faults"] = Faults.DeepClone(),
            ["recoverySeconds"] = RecoverySeconds.DeepClone(),
            ["lost"] = Final?.Lost,
            ["duplicates"] = Final?.Duplicates,
            ["orphans"] = Final?.Orphans,
            ["details"] = Details.DeepClone(),
        };
    }
}
