using System.Globalization;
using KubeContainers.Api;

namespace KubeContainers.Operator.Plans;

/// <summary>What a namespace's containers use, counted as a plan's totals count it: running containers hold their
/// compute and public URL; every container, stopped or not, holds its volumes.</summary>
public sealed record NamespaceUsage(int Containers, decimal Cpu, decimal Memory, int Gpu, decimal Storage, int PublicUrls)
{
    public static NamespaceUsage None { get; } = new(0, 0, 0, 0, 0, 0);

    public NamespaceUsage Add(PlanFootprint footprint)
    {
        ArgumentNullException.ThrowIfNull(footprint);
        var storage = Storage + PlanQuantities.Value(footprint.Storage);
        if (!footprint.Running)
        {
            return this with { Storage = storage };
        }

        var replicas = footprint.Replicas;
        return new NamespaceUsage(
            Containers + 1,
            Cpu + (PlanQuantities.Value(footprint.Cpu) * replicas),
            Memory + (PlanQuantities.Value(footprint.Memory) * replicas),
            Gpu + (footprint.Gpu * replicas),
            storage,
            PublicUrls + (footprint.Ingress == IngressModes.Public ? 1 : 0));
    }

    /// <summary>The first total this usage is over, as (field, in use, limit); null when it fits.</summary>
    public (string Field, string Used, string Limit)? Over(PlanTotals totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        if (totals.Containers is { } containers && Containers > containers)
        {
            return ("totals.containers", Text(Containers), Text(containers));
        }

        if (totals.Cpu is { } cpu && Cpu > PlanQuantities.Value(cpu))
        {
            return ("totals.cpu", PlanQuantities.Cpu(Cpu), cpu);
        }

        if (totals.Memory is { } memory && Memory > PlanQuantities.Value(memory))
        {
            return ("totals.memory", PlanQuantities.Bytes(Memory), memory);
        }

        if (totals.Gpu is { } gpu && Gpu > gpu)
        {
            return ("totals.gpu", Text(Gpu), Text(gpu));
        }

        if (totals.Storage is { } storage && Storage > PlanQuantities.Value(storage))
        {
            return ("totals.storage", PlanQuantities.Bytes(Storage), storage);
        }

        if (totals.PublicUrls is { } urls && PublicUrls > urls)
        {
            return ("totals.publicUrls", Text(PublicUrls), Text(urls));
        }

        return null;
    }

    /// <summary>The amount of one total's field (<c>totals.cpu</c>...), as text.</summary>
    public string Amount(string field) => field switch
    {
        "totals.containers" => Text(Containers),
        "totals.cpu" => PlanQuantities.Cpu(Cpu),
        "totals.memory" => PlanQuantities.Bytes(Memory),
        "totals.gpu" => Text(Gpu),
        "totals.storage" => PlanQuantities.Bytes(Storage),
        _ => Text(PublicUrls),
    };

    /// <summary>Whether <paramref name="now"/> needs more of anything the totals count than <paramref name="before"/>.</summary>
    public static bool Grows(PlanFootprint now, PlanFootprint before)
    {
        var a = None.Add(now);
        var b = None.Add(before);
        return a.Containers > b.Containers || a.Cpu > b.Cpu || a.Memory > b.Memory || a.Gpu > b.Gpu || a.Storage > b.Storage
            || a.PublicUrls > b.PublicUrls;
    }

    public PlanNamespaceUsage ToStatus(string @namespace, int waiting) => new()
    {
        Name = @namespace,
        Containers = Containers,
        Waiting = waiting,
        Cpu = PlanQuantities.Cpu(Cpu),
        Memory = PlanQuantities.Bytes(Memory),
        Gpu = Gpu,
        Storage = PlanQuantities.Bytes(Storage),
        PublicUrls = PublicUrls,
    };

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
