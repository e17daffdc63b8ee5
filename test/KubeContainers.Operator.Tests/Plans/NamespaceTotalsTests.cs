using KubeContainers.Api;
using KubeContainers.Operator.Plans;

namespace KubeContainers.Operator.Tests.Plans;

/// <summary>A plan's namespace totals: first come first served, what was admitted held, stopped containers free
/// their compute but not their storage.</summary>
public sealed class NamespaceTotalsTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static PlanInForce Plan(PlanTotals totals) => new("team", new ContainerPlanSpec { Totals = totals }, BuiltIn: false);

    private static PlanFootprint Uses(string cpu = "1", int replicas = 1, string memory = "1Gi", bool running = true, string? storage = null,
        string ingress = IngressModes.Private, int gpu = 0) =>
        new() { Cpu = cpu, Replicas = replicas, Memory = memory, Running = running, Storage = storage, Ingress = ingress, Gpu = gpu };

    private static TotalsEntry Entry(string name, int minute, PlanFootprint candidate, bool admitted) =>
        new(name, T0.AddMinutes(minute), admitted ? candidate : null, candidate);

    public sealed record Case(string Name, PlanTotals Totals, PlanFootprint Self, TotalsEntry[] Others, string? Refusal);

    private static readonly Case[] Cases =
    [
        new("fits beside what is admitted", new PlanTotals { Cpu = "3" }, Uses(cpu: "1"), [Entry("a", 0, Uses(cpu: "2"), admitted: true)], null),
        new("cpu over the total", new PlanTotals { Cpu = "3" }, Uses(cpu: "500m", replicas: 3), [Entry("a", 0, Uses(cpu: "2"), admitted: true)],
            "ContainerPlan team, totals.cpu: namespace team-a uses 2 of 3 and this container needs 1500m (500m x 3); it starts by itself when there is room"),
        new("memory over the total", new PlanTotals { Memory = "2Gi" }, Uses(memory: "1536Mi"), [Entry("a", 0, Uses(memory: "1Gi"), admitted: true)],
            "ContainerPlan team, totals.memory: namespace team-a uses 1Gi of 2Gi and this container needs 1536Mi (1536Mi x 1); it starts by itself when there is room"),
        new("containers over the total", new PlanTotals { Containers = 1 }, Uses(), [Entry("a", 0, Uses(), admitted: true)],
            "ContainerPlan team, totals.containers: namespace team-a uses 1 of 1 and this container needs 1; it starts by itself when there is room"),
        new("gpus over the total", new PlanTotals { Gpu = 1 }, Uses(gpu: 1), [Entry("a", 0, Uses(gpu: 1), admitted: true)],
            "ContainerPlan team, totals.gpu: namespace team-a uses 1 of 1 and this container needs 1; it starts by itself when there is room"),
        new("storage over the total, a stopped container's included", new PlanTotals { Storage = "10Gi" }, Uses(storage: "6Gi"),
            [Entry("a", 0, Uses(running: false, storage: "5Gi"), admitted: true)],
            "ContainerPlan team, totals.storage: namespace team-a uses 5Gi of 10Gi and this container needs 6Gi; it starts by itself when there is room"),
        new("public URLs over the total", new PlanTotals { PublicUrls = 1 }, Uses(ingress: IngressModes.Public), [Entry("a", 0, Uses(ingress: IngressModes.Public), admitted: true)],
            "ContainerPlan team, totals.publicUrls: namespace team-a uses 1 of 1 and this container needs 1; it starts by itself when there is room"),
        new("a stopped container frees its compute", new PlanTotals { Cpu = "2", Containers = 1 }, Uses(cpu: "2"), [Entry("a", 0, Uses(cpu: "2", running: false), admitted: true)], null),
        new("an earlier container waiting goes first", new PlanTotals { Cpu = "2" }, Uses(cpu: "1"),
            [Entry("a", 0, Uses(cpu: "1"), admitted: true), Entry("earlier", -1, Uses(cpu: "1"), admitted: false)],
            "ContainerPlan team, totals.cpu: namespace team-a uses 2 of 2 and this container needs 1 (1 x 1); it starts by itself when there is room"),
        new("an earlier container too big to fit does not block a smaller later one", new PlanTotals { Cpu = "2" }, Uses(cpu: "1"),
            [Entry("a", 0, Uses(cpu: "1"), admitted: true), Entry("earlier", -1, Uses(cpu: "4"), admitted: false)], null),
        new("a later container waits for this one", new PlanTotals { Cpu = "2" }, Uses(cpu: "2"), [Entry("later", 5, Uses(cpu: "2"), admitted: false)], null),
    ];

    public static TheoryData<string> Names => [.. Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void A_new_container_is_admitted_only_when_it_fits_after_everyone_before_it(string name)
    {
        var row = Cases.Single(c => c.Name == name);
        var self = new TotalsEntry("self", T0, Admitted: null, row.Self);

        NamespaceTotals.Refusal(Plan(row.Totals), "team-a", self, row.Others).ShouldBe(row.Refusal);
    }

    [Fact]
    public void A_running_container_keeps_what_was_admitted_even_over_lowered_totals()
    {
        var held = Uses(cpu: "4");
        var self = new TotalsEntry("self", T0, held, Uses(cpu: "4"));

        NamespaceTotals.Refusal(Plan(new PlanTotals { Cpu = "1" }), "team-a", self, [Entry("a", 0, Uses(cpu: "1"), admitted: true)]).ShouldBeNull();
    }

    [Fact]
    public void A_running_container_that_grows_must_fit()
    {
        var self = new TotalsEntry("self", T0, Uses(cpu: "1"), Uses(cpu: "1", replicas: 2));

        NamespaceTotals.Refusal(Plan(new PlanTotals { Cpu = "2" }), "team-a", self, [Entry("a", 0, Uses(cpu: "1"), admitted: true)])
            .ShouldBe("ContainerPlan team, totals.cpu: namespace team-a uses 1 of 2 and this container needs 2 (1 x 2); it starts by itself when there is room");
    }

    [Fact]
    public void Usage_counts_running_compute_and_all_storage()
    {
        var usage = NamespaceTotals.Usage([Uses(cpu: "500m", replicas: 2, memory: "256Mi", storage: "1Gi", ingress: IngressModes.Public), Uses(running: false, storage: "2Gi")]);

        usage.ToStatus("team-a", waiting: 1).ShouldBeEquivalentTo(new PlanNamespaceUsage
        {
            Name = "team-a", Containers = 1, Waiting = 1, Cpu = "1", Memory = "512Mi", Gpu = 0, Storage = "3Gi", PublicUrls = 1,
        });
    }
}
