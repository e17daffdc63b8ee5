using KubeContainers.Api;
using KubeContainers.Runtime.Cache;
using Prometheus;

namespace KubeContainers.Operator.Plans;

/// <summary>
/// Usage for chargeback: per namespace and plan, how many cpu core-seconds, memory GiB-seconds, gpu-seconds and
/// storage GiB-seconds the containers the plan admitted have used, as Prometheus counters (what a credits or billing
/// system reads with <c>increase()</c>). Labelled by namespace and plan only: the series grow with namespaces, not
/// with containers.
/// <para>
/// Exact to the event, not to the scrape: every change of a container's admitted footprint (its watch event) first
/// adds what the namespace used up to that moment at the old rate, then changes the rate; a scrape adds up to now.
/// Running containers count their compute; stopped ones only their volumes, as the plan's totals count them.
/// </para>
/// </summary>
public sealed class UsageMeter
{
    private const decimal GiB = 1L << 30;

    private readonly TimeProvider time;
    private readonly object gate = new();
    private readonly Dictionary<string, (string Namespace, string Plan, Rates Rates)> containers = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Namespace, string Plan), Account> accounts = [];
    private readonly Counter cpu;
    private readonly Counter memory;
    private readonly Counter gpu;
    private readonly Counter storage;

    public UsageMeter(TimeProvider time, CollectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        this.time = time;
        var factory = Metrics.WithCustomRegistry(registry);
        string[] labels = ["namespace", "plan"];
        cpu = factory.CreateCounter("kubecontainers_usage_cpu_core_seconds_total", "CPU core-seconds used by running containers, by namespace and plan.", labels);
        memory = factory.CreateCounter("kubecontainers_usage_memory_gib_seconds_total", "Memory GiB-seconds used by running containers, by namespace and plan.", labels);
        gpu = factory.CreateCounter("kubecontainers_usage_gpu_seconds_total", "GPU-seconds used by running containers, by namespace and plan.", labels);
        storage = factory.CreateCounter("kubecontainers_usage_storage_gib_seconds_total", "Volume GiB-seconds held by containers, running or stopped, by namespace and plan.", labels);
        registry.AddBeforeCollectCallback(Flush);
    }

    /// <summary>A ManagedContainer's watch event: its admitted footprint and plan from now on. Always true, so it can
    /// stand as a watch predicate.</summary>
    public bool Record(ObjectEvent<V1Alpha1ManagedContainer> e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var mc = e.Object;
        var uid = mc.Metadata.Uid;
        if (uid is null)
        {
            return true;
        }

        var now = time.GetUtcNow();
        lock (gate)
        {
            if (containers.Remove(uid, out var before))
            {
                Charge(before.Namespace, before.Plan, now).Rates -= before.Rates;
            }

            if (e.Type != ObjectEventType.Deleted && mc.Status?.Admitted is { } admitted && mc.Status.Plan is { } plan)
            {
                var rates = Rates.Of(admitted);
                containers[uid] = (mc.Metadata.NamespaceProperty, plan, rates);
                Charge(mc.Metadata.NamespaceProperty, plan, now).Rates += rates;
            }
        }

        return true;
    }

    /// <summary>Adds everything used up to now to the counters (before every scrape).</summary>
    public void Flush()
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            foreach (var key in accounts.Keys.ToList())
            {
                Charge(key.Namespace, key.Plan, now);
            }
        }
    }

    /// <summary>Adds what the account used since its last charge, at its current rates, and returns it.</summary>
    private Account Charge(string @namespace, string plan, DateTimeOffset now)
    {
        if (!accounts.TryGetValue((@namespace, plan), out var account))
        {
            account = new Account { Since = now };
            accounts[(@namespace, plan)] = account;
        }

        var seconds = (decimal)Math.Max(0, (now - account.Since).TotalSeconds);
        account.Since = now;
        if (seconds > 0)
        {
            var r = account.Rates;
            cpu.WithLabels(@namespace, plan).Inc((double)(r.Cores * seconds));
            memory.WithLabels(@namespace, plan).Inc((double)(r.MemoryBytes / GiB * seconds));
            gpu.WithLabels(@namespace, plan).Inc((double)(r.Gpus * seconds));
            storage.WithLabels(@namespace, plan).Inc((double)(r.StorageBytes / GiB * seconds));
        }

        return account;
    }

    private sealed class Account
    {
        public DateTimeOffset Since { get; set; }

        public Rates Rates { get; set; }
    }

    /// <summary>What a container uses per second.</summary>
    private readonly record struct Rates(decimal Cores, decimal MemoryBytes, decimal Gpus, decimal StorageBytes)
    {
        public static Rates Of(PlanFootprint f)
        {
            var storage = PlanQuantities.Value(f.Storage);
            return f.Running
                ? new Rates(PlanQuantities.Value(f.Cpu) * f.Replicas, PlanQuantities.Value(f.Memory) * f.Replicas, f.Gpu * f.Replicas, storage)
                : new Rates(0, 0, 0, storage);
        }

        public static Rates operator +(Rates a, Rates b) =>
            new(a.Cores + b.Cores, a.MemoryBytes + b.MemoryBytes, a.Gpus + b.Gpus, a.StorageBytes + b.StorageBytes);

        public static Rates operator -(Rates a, Rates b) =>
            new(a.Cores - b.Cores, a.MemoryBytes - b.MemoryBytes, a.Gpus - b.Gpus, a.StorageBytes - b.StorageBytes);
    }
}
