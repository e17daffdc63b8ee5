using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.Plans;
using KubeContainers.Runtime.Cache;
using Microsoft.Extensions.Time.Testing;
using Prometheus;

namespace KubeContainers.Operator.Tests.Plans;

/// <summary>The chargeback counters move by exactly what the admitted containers used over a known time.</summary>
public sealed class UsageMeterTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly CollectorRegistry registry = Metrics.NewCustomRegistry();

    private static V1Alpha1ManagedContainer Container(string uid, PlanFootprint? admitted, string ns = "team-a", string plan = "pro") => new()
    {
        Metadata = new V1ObjectMeta { Name = uid, NamespaceProperty = ns, Uid = uid },
        Status = new ManagedContainerStatus { Plan = plan, Admitted = admitted },
    };

    private static PlanFootprint Running(string cpu, int replicas, string memory, int gpu = 0, string? storage = null) =>
        new() { Cpu = cpu, Replicas = replicas, Memory = memory, Gpu = gpu, Storage = storage, Running = true };

    [Fact]
    public void A_container_run_for_a_known_time_adds_its_core_memory_gpu_and_storage_seconds()
    {
        var meter = new UsageMeter(clock, registry);
        meter.Record(new ObjectEvent<V1Alpha1ManagedContainer>(ObjectEventType.Added, Container("a", Running("500m", 2, "512Mi", gpu: 1, storage: "2Gi"))));

        clock.Advance(TimeSpan.FromMinutes(10));
        var values = Scrape();

        values["kubecontainers_usage_cpu_core_seconds_total{namespace=\"team-a\",plan=\"pro\"}"].ShouldBe(600, 1e-9); // 1 core x 600 s
        values["kubecontainers_usage_memory_gib_seconds_total{namespace=\"team-a\",plan=\"pro\"}"].ShouldBe(600, 1e-9); // 1 GiB x 600 s
        values["kubecontainers_usage_gpu_seconds_total{namespace=\"team-a\",plan=\"pro\"}"].ShouldBe(1200, 1e-9); // 2 GPUs x 600 s
        values["kubecontainers_usage_storage_gib_seconds_total{namespace=\"team-a\",plan=\"pro\"}"].ShouldBe(1200, 1e-9); // 2 GiB x 600 s
    }

    [Fact]
    public void A_change_is_charged_from_its_moment_and_a_stopped_container_keeps_paying_for_its_storage()
    {
        var meter = new UsageMeter(clock, registry);
        meter.Record(new ObjectEvent<V1Alpha1ManagedContainer>(ObjectEventType.Added, Container("a", Running("1", 1, "1Gi", storage: "1Gi"))));
        clock.Advance(TimeSpan.FromSeconds(100));
        meter.Record(new ObjectEvent<V1Alpha1ManagedContainer>(ObjectEventType.Modified, Container("a", Running("1", 3, "1Gi", storage: "1Gi"))));
        clock.Advance(TimeSpan.FromSeconds(100));
        var stopped = Running("1", 3, "1Gi", storage: "1Gi");
        stopped.Running = false;
        meter.Record(new ObjectEvent<V1Alpha1ManagedContainer>(ObjectEventType.Modified, Container("a", stopped)));
        clock.Advance(TimeSpan.FromSeconds(100));
        meter.Record(new ObjectEvent<V1Alpha1ManagedContainer>(ObjectEventType.Deleted, Container("a", stopped)));
        clock.Advance(TimeSpan.FromSeconds(1000));

        var values = Scrape();

        values["kubecontainers_usage_cpu_core_seconds_total{namespace=\"team-a\",plan=\"pro\"}"].ShouldBe(100 + 300, 1e-9);
        values["kubecontainers_usage_storage_gib_seconds_total{namespace=\"team-a\",plan=\"pro\"}"].ShouldBe(300, 1e-9);
    }

    [Fact]
    public void Series_are_per_namespace_and_plan_not_per_container()
    {
        var meter = new UsageMeter(clock, registry);
        foreach (var uid in new[] { "a", "b", "c" })
        {
            meter.Record(new ObjectEvent<V1Alpha1ManagedContainer>(ObjectEventType.Added, Container(uid, Running("1", 1, "1Gi"))));
        }

        meter.Record(new ObjectEvent<V1Alpha1ManagedContainer>(ObjectEventType.Added, Container("d", Running("1", 1, "1Gi"), ns: "team-b", plan: "free")));
        clock.Advance(TimeSpan.FromSeconds(10));

        var cpu = Scrape().Where(kv => kv.Key.StartsWith("kubecontainers_usage_cpu_core_seconds_total{", StringComparison.Ordinal)).ToDictionary();
        cpu.Count.ShouldBe(2);
        cpu["kubecontainers_usage_cpu_core_seconds_total{namespace=\"team-a\",plan=\"pro\"}"].ShouldBe(30, 1e-9);
        cpu["kubecontainers_usage_cpu_core_seconds_total{namespace=\"team-b\",plan=\"free\"}"].ShouldBe(10, 1e-9);
    }

    /// <summary>The registry in the text format, as Prometheus scrapes it: series → value.</summary>
    private Dictionary<string, double> Scrape()
    {
        using var stream = new MemoryStream();
        registry.CollectAndExportAsTextAsync(stream, TestContext.Current.CancellationToken).GetAwaiter().GetResult();
        var text = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        return text.Split('\n')
            .Where(l => l.StartsWith("kubecontainers_usage_", StringComparison.Ordinal))
            .Select(l => l.Split(' '))
            .ToDictionary(p => p[0], p => double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
