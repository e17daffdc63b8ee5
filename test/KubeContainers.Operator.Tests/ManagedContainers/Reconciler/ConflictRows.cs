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
        new Row("409 on the status write: the status writer reads the object again and writes once")
        {
            Given = c => Task.FromResult(c.Add(Objects.WebApp())),
            Faults = c =>
            {
                // What makes the write conflict: someone labels the ManagedContainer just before it.
                var labelled = false;
                c.Api.React((verb, _) =>
                {
                    if (verb == "status" && !labelled)
                    {
                        labelled = true;
                        var mc = c.Container();
                        mc.Metadata.Labels = new Dictionary<string, string> { ["owner"] = "alice" };
                        c.Api.Seed(mc);
                    }

                    return null;
                });
                c.ConflictOnce("status", Objects.Web);
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
            Events = ["Normal Created: created NetworkPolicy, Service, Deployment, Ingress"],
            // The retried write kept the other client's change.
            Then = c => c.Container().Metadata.Labels["owner"].ShouldBe("alice"),
        });

    public static TheoryData<string> Names => Rows.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public Task Reconciles(string row) => Rows.RunAsync(row);
}
