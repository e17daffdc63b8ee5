using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Storage;
using static KubeContainers.Operator.Tests.Reliability.ReliabilityCluster;

namespace KubeContainers.Operator.Tests.Reliability;

/// <summary>Scenario 3: the operator SIGKILLed right after each write point of a reconcile (each child created, the
/// first status write, a Deployment updated), then started again: it finishes the job without duplicates.</summary>
[ClusterTest]
public sealed class KillDuringReconcileTests
{
    private const string V1 = "example.com/app:v1";
    private const string V2 = "example.com/app:v2";

    private static readonly TimeSpan KillPointWithin = TimeSpan.FromSeconds(30);

    /// <summary>A process start and the sync of every cache; the kill window starts only after it, so a loaded
    /// machine's slow start is not counted against the operator's writes.</summary>
    private static readonly TimeSpan OperatorStart = TimeSpan.FromSeconds(60);

    /// <summary>Added to every request while a kill is armed, so the reconcile's writes are spaced out and the kill
    /// lands between the trigger and the next write, not after the whole reconcile.</summary>
    private static readonly TimeSpan SlowWrites = TimeSpan.FromMilliseconds(150);

    [Fact]
    public async Task An_operator_killed_right_after_each_write_point_converges_after_restart_without_duplicates()
    {
        await using var env = await StartAsync("sigkill");
        var scenario = new ReliabilityResults.Scenario("3-sigkill-during-reconcile",
            "a new batch of 3-4 containers per round (150 ms added to every request while armed); SIGKILL the instant the store records the batch's first Service, first Deployment, first status write, then (all 10 changed) the first Deployment update; restart; converge each time with exactly one child of each kind");
        var op = env.StartOperator();
        await op.WaitReadyAsync(OperatorStart);

        // The reconciler writes NetworkPolicy, Service, Deployment, Ingress, then status (ManagedContainerReconciler);
        // the batch's other containers are caught at other points of the same sequence (see killPoints in the results).
        var rounds = new (string Point, int First, int Count, string Image, Func<WatchEvent, bool> Match)[]
        {
            ("Service created", 0, 3, V1, c => IsCreated(c, BuiltinResources.Services)),
            ("Deployment created", 3, 3, V1, c => IsCreated(c, BuiltinResources.Deployments)),
            ("first status write", 6, 4, V1, IsFirstStatusWrite),
            ("Deployment updated", 0, Fleet, V2, c => c.StorageKey == BuiltinResources.Deployments.StorageKey && c.Type == WatchEvent.Modified && DeployedImage(c.Object) == V2),
        };
        var kills = new JsonArray();
        foreach (var (point, first, count, image, match) in rounds)
        {
            var batch = Enumerable.Range(first, count).Select(Name).ToList();
            var killed = KillAtAsync(env, op, env.NextChangeAsync(c => batch.Contains(c.Object.Name) && match(c), point, KillPointWithin), point, batch);
            env.Faults.Latency = SlowWrites;
            await env.ApplyAsync(first, count, image);
            kills.Add(await killed);
            await env.RemoveAsync(op);

            op = env.StartOperator();
            scenario.Recovery($"restart after kill at {point}", await env.ConvergeAsync($"after the kill at {point}"));
        }

        op.HasExited.ShouldBeFalse();
        scenario.Faults["sigkills"] = rounds.Length;
        scenario.Faults["latencyMsWhileKillArmed"] = SlowWrites.TotalMilliseconds;
        scenario.Details["killPoints"] = kills;
        await env.RecordAsync(scenario);
    }

    private static string? DeployedImage(StoredObject deployment) =>
        deployment.ToJsonObject()["spec"]?["template"]?["spec"]?["containers"]?[0]?["image"]?.GetValue<string>();

    /// <summary>SIGKILLs <paramref name="process"/> the moment <paramref name="trigger"/> completes (while kubectl may
    /// still be applying the batch), then records where the kill landed: which of each batch container's writes had
    /// been made (for an update: the image of each Deployment).</summary>
    private static async Task<JsonObject> KillAtAsync(
        ReliabilityCluster env, OperatorProcess process, Task<WatchEvent> trigger, string point, IEnumerable<string> batch)
    {
        var change = await trigger;
        process.KillHard();
        env.Faults.Latency = TimeSpan.Zero;
        return KillRecord(env, point, change, batch);
    }

    private static JsonObject KillRecord(ReliabilityCluster env, string point, WatchEvent trigger, IEnumerable<string> batch)
    {
        var done = new JsonObject();
        foreach (var name in batch)
        {
            done[name] = trigger.Type == WatchEvent.Modified && trigger.StorageKey == BuiltinResources.Deployments.StorageKey
                ? env.Cluster.Store.Get(BuiltinResources.Deployments.StorageKey, env.Namespace, name) is { } d ? DeployedImage(d) : null
                : new JsonArray([.. env.ChildrenOf(name).Select(k => JsonValue.Create(k))]);
        }

        return new JsonObject { ["point"] = point, ["trigger"] = $"{trigger.Type} {trigger.StorageKey} {trigger.Object.Name}", ["writtenAtKill"] = done };
    }
}
