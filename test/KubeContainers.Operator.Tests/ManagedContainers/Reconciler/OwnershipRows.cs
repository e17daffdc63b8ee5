using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.ManagedContainers;
using KubeContainers.Operator.Tests.ManagedContainers.Reconciler.Harness;

namespace KubeContainers.Operator.Tests.ManagedContainers.Reconciler;

/// <summary>Children that are not ours are left alone; ours are put back however they were changed.</summary>
public sealed class OwnershipRows
{
    /// <summary>A user's own Service named like the container: no managed-by label, so the operator's cache never
    /// sees it.</summary>
    private static V1Service ForeignService(Dictionary<string, string>? labels = null, V1OwnerReference? owner = null) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = new V1ObjectMeta
        {
            Name = "web",
            NamespaceProperty = Objects.Namespace,
            Labels = labels ?? new Dictionary<string, string> { ["app"] = "database" },
            OwnerReferences = owner is null ? null : [owner],
        },
        Spec = new V1ServiceSpec
        {
            Selector = new Dictionary<string, string> { ["app"] = "database" },
            Ports = [new V1ServicePort { Port = 5432, TargetPort = 5432 }],
        },
    };

    private static void ServiceUntouched(Cluster c)
    {
        var service = c.Get<V1Service>("web");
        service.Spec.Selector.ShouldBe(new Dictionary<string, string> { ["app"] = "database" });
        service.Spec.Ports.Single().Port.ShouldBe(5432);
    }

    private static async Task CreatedOnce(Cluster c)
    {
        c.Add(Objects.WebApp());
        await c.ReconcileAsync();
    }

    private static readonly Table Rows = new(
        new Row("a user's Service of the same name is not updated: ServiceReady NotOwned, and nothing routes the public to it")
        {
            Given = c =>
            {
                c.Add(ForeignService());
                c.Add(Objects.WebApp());
                return Task.CompletedTask;
            },
            // The cache cannot see an unlabelled Service: the create is refused as AlreadyExists, the sync reads the
            // Service live and finds it is not ours. The Ingress would send public traffic to that Service (another
            // app's, a database's), so it must not be made while the Service is not ours.
            Writes =
            [
                "create V1RuntimeClass kubecontainers-gvisor",
                "create V1NetworkPolicy team-a/web",
                "create V1Service team-a/web",
                "create V1Deployment team-a/web",
                "status V1Alpha1ManagedContainer team-a/web",
            ],
            Phase = ManagedContainerPhases.Failed,
            Ready = "False NotOwned",
            Conditions = ["ServiceReady False NotOwned"],
            Events =
            [
                "Warning NotOwned: there is an existing Service web that this ManagedContainer does not own",
            ],
            Then = c =>
            {
                ServiceUntouched(c);
                c.Find<V1Ingress>("web").ShouldBeNull();
            },
        },
        new Row("a Service with our label but another owner is not ours either: no create, no update")
        {
            Given = c =>
            {
                // Left by an earlier ManagedContainer of the same name (another uid), not yet collected.
                c.Add(ForeignService(
                    new Dictionary<string, string> { [Labels.ManagedBy] = Labels.ManagedByValue, [Labels.Container] = "web" },
                    new V1OwnerReference { ApiVersion = V1Alpha1ManagedContainer.ApiGroupVersion, Kind = V1Alpha1ManagedContainer.KubeKind, Name = "web", Uid = "uid-of-an-earlier-web", Controller = true }));
                c.Add(Objects.WebApp());
                return Task.CompletedTask;
            },
            Writes =
            [
                "create V1RuntimeClass kubecontainers-gvisor",
                "create V1NetworkPolicy team-a/web",
                "create V1Deployment team-a/web",
                "status V1Alpha1ManagedContainer team-a/web",
            ],
            Phase = ManagedContainerPhases.Failed,
            Ready = "False NotOwned",
            Conditions = ["ServiceReady False NotOwned"],
            Events =
            [
                "Warning NotOwned: there is an existing Service web that this ManagedContainer does not own",
            ],
            Then = ServiceUntouched,
        },
        new Row("a child deleted by hand is created again, and the creation is announced")
        {
            Given = async c =>
            {
                await CreatedOnce(c);
                await c.DeleteAsync<V1Service>("web");
            },
            // Nothing in the status changes (the Service was Ready before and is again), but a child was created.
            Writes = ["create V1Service team-a/web"],
            Phase = ManagedContainerPhases.Deploying,
            Conditions = ["ServiceReady True Ready"],
            Events = [],
            Then = c => c.Get<V1Service>("web").Metadata.OwnerReferences.Single().Uid.ShouldBe("uid-team-a-web"),
        },
        new Row("a Deployment deleted by hand is created again: no Event, not even Deployed (it is no new version)")
        {
            Given = async c =>
            {
                await CreatedOnce(c);
                await c.DeleteAsync<V1Deployment>("web");
            },
            // Same template as before, same status: only the create.
            Writes = ["create V1Deployment team-a/web"],
            Phase = ManagedContainerPhases.Deploying,
            Events = [],
            Then = c => c.Container().Status.LastDeployedAt.ShouldBe(Cluster.Start),
        },
        new Row("a Deployment scaled by hand is put back; nothing else is written")
        {
            Given = async c =>
            {
                await CreatedOnce(c);
                await c.EditAsync<V1Deployment>("web", d => d.Spec.Replicas = 5);
            },
            Writes = ["update V1Deployment team-a/web"],
            Phase = ManagedContainerPhases.Deploying,
            Events = [],
            Then = c => c.Get<V1Deployment>("web").Spec.Replicas.ShouldBe(2),
        },
        new Row("a label removed from a child by hand is put back")
        {
            Given = async c =>
            {
                await CreatedOnce(c);
                await c.EditAsync<V1NetworkPolicy>("web", p => p.Metadata.Labels.Remove(Labels.ManagedBy));
            },
            // Without the label the cache no longer sees it: the create finds it by AlreadyExists, then updates it.
            Writes = ["create V1NetworkPolicy team-a/web", "update V1NetworkPolicy team-a/web"],
            Events = [],
            Then = c => c.Get<V1NetworkPolicy>("web").Metadata.Labels[Labels.ManagedBy].ShouldBe(Labels.ManagedByValue),
        });

    public static TheoryData<string> Names => Rows.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public Task Reconciles(string row) => Rows.RunAsync(row);
}
