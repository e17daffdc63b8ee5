using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.Tests.ManagedContainers.Reconciler.Harness;
using KubeContainers.Runtime.Client;

namespace KubeContainers.Operator.Tests.ManagedContainers.Reconciler;

/// <summary>
/// 409 Conflict answers, injected with the fake's reactors. A refused write is not in the fake's write log (the
/// reactor answers before the write is taken), so the rows list only the writes that happened.
/// </summary>
public sealed class ConflictRows
{
    /// <summary>Created once, then scaled by hand, so the next reconcile must update the Deployment.</summary>
    private static async Task DeploymentNeedsUpdate(Cluster c)
    {
        c.Add(Objects.WebApp());
        await c.ReconcileAsync();
        await c.EditAsync<V1Deployment>("web", d => d.Spec.Replicas = 5);
    }

    private static readonly Table Rows = new(
        new Row("409 on the Deployment update: the reconcile throws, so the runtime retries it with backoff")
        {
            Given = DeploymentNeedsUpdate,
            Faults = c => c.ConflictOnce("update", Objects.Web),
            Conflicts = true,
            // Nothing after the refused update runs: no status write, no Event.
            Writes = [],
            Events = [],
            Then = c => c.Get<V1Deployment>("web").Spec.Replicas.ShouldBe(5),
        },
        new Row("the retry after a 409 on the Deployment update converges")
        {
            Given = async c =>
            {
                await DeploymentNeedsUpdate(c);
                c.ConflictOnce("update", Objects.Web);
                var first = await Should.ThrowAsync<KubeApiException>(() => c.ReconcileAsync());
                first.IsConflict.ShouldBeTrue();
            },
            Writes = ["update V1Deployment team-a/web"],
            Events = [],
            Then = c => c.Get<V1Deployment>("web").Spec.Replicas.ShouldBe(2),
        },
        new Row("someone edits the ManagedContainer just before the status write: no conflict, their change kept, one write")
        {
            Given = c => Task.FromResult(c.Add(Objects.WebApp())),
            Faults = c =>
            {
                // The status is a patch without a resourceVersion: an edit made meanwhile cannot make it conflict.
                var labelled = false;
                c.Api.React((verb, _) =>
                {
                    if (verb == "status" && !labelled)
                    {
                        labelled = true;
                        var mc = c.Container();
                        mc.Metadata.Labels = new Dictionary<string, string> { ["owner"] = "alice" };
                        mc.Spec.Replicas = 3;
                        c.Api.Seed(mc);
                    }

                    return null;
                });
            },
            Writes =
            [
                "create V1RuntimeClass kubecontainers-gvisor",
                "create V1NetworkPolicy team-a/web",
                "create V1Service team-a/web",
                "create V1Deployment team-a/web",
                "create V1Ingress team-a/web",
                "status V1Alpha1ManagedContainer team-a/web",
            ],
            Phase = ManagedContainerPhases.Deploying,
            Ready = "Unknown Deploying",
            Events = [],
            Then = c =>
            {
                var stored = c.Container();
                stored.Metadata.Labels["owner"].ShouldBe("alice");
                stored.Spec.Replicas.ShouldBe(3);
                // The status describes the generation reconciled, not the newer spec.
                stored.Status.ObservedGeneration.ShouldBe(1);
            },
        });

    public static TheoryData<string> Names => Rows.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public Task Reconciles(string row) => Rows.RunAsync(row);
}
