using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.Tests.ManagedContainers.Reconciler.Harness;

namespace KubeContainers.Operator.Tests.ManagedContainers.Reconciler;

/// <summary>
/// A reconcile starts from a copy of the stored status: what a step no longer observes it clears itself, what no
/// step touches stays as stored, and a condition found again keeps its transition time.
/// </summary>
public sealed class StatusCopyRows
{
    /// <summary>Serving, with its URL and address: the starting point of the rows below.</summary>
    private static async Task ServingWebApp(Cluster c)
    {
        c.Add(Objects.WebApp());
        await c.ReconcileAsync();
        await c.Controllers.RolloutDoneAsync();
        await c.Controllers.IngressAddressAsync();
        await c.ReconcileAsync();
    }

    private static readonly Table Rows = new(
        new Row("public ingress turned off: the URL and its check go with the Ingress")
        {
            Given = async c =>
            {
                await ServingWebApp(c);
                await c.EditSpecAsync(s => s.Networking = new NetworkingSpec { Ingress = IngressModes.Private });
            },
            Writes = ["update V1NetworkPolicy team-a/web", "delete V1Ingress team-a/web", "status V1Alpha1ManagedContainer team-a/web"],
            Phase = ManagedContainerPhases.Running,
            Ready = "True Ready",
            Conditions = ["IngressReady True NotRequired"],
            Url = Row.NoUrl,
            Checks = "imagePulled, scheduled, running, healthCheckPassing, networkConfigured, sandboxAvailable, volumesBound",
            Events = [],
        },
        new Row("a Deployment that stops being ours: no replicas, image or pod checks are claimed for it")
        {
            Given = async c =>
            {
                await ServingWebApp(c);
                await c.EditAsync<V1Deployment>("web", d => d.Metadata.OwnerReferences = null);
            },
            Writes = ["status V1Alpha1ManagedContainer team-a/web"],
            Phase = ManagedContainerPhases.Failed,
            Ready = "False NotOwned",
            Conditions = ["DeploymentAvailable False NotOwned"],
            Url = Objects.WebUrl,
            Checks = "networkConfigured, sandboxAvailable, urlAssigned, volumesBound",
            Events = ["Warning NotOwned: there is an existing Deployment web that this ManagedContainer does not own"],
            Then = c =>
            {
                var status = c.Container().Status;
                (status.Replicas, status.ReadyReplicas, status.Ready, status.Image).ShouldBe((null, null, null, null));
                status.LastHealthyImage.ShouldBe(Objects.Image, "what last served well is remembered");
            },
        },
        new Row("an invalid edit keeps the transition times of everything that still holds")
        {
            Given = async c =>
            {
                await ServingWebApp(c);
                c.Time.Advance(TimeSpan.FromMinutes(5));
                await c.EditSpecAsync(s => s.Resources = new ResourcesSpec { Cpu = "0" });
            },
            Writes = ["status V1Alpha1ManagedContainer team-a/web"],
            Phase = ManagedContainerPhases.Failed,
            Ready = "False InvalidSpec",
            Conditions = ["Stalled True InvalidSpec", "DeploymentAvailable True Available", "IngressReady True Ready"],
            Url = Objects.WebUrl,
            Events = ["Warning InvalidSpec: spec.resources.cpu*"],
            Then = c =>
            {
                var status = c.Container().Status;
                status.GetCondition(ConditionTypes.DeploymentAvailable)!.LastTransitionTime.ShouldBe(Cluster.Start.UtcDateTime);
                status.GetCondition(ConditionTypes.Stalled)!.LastTransitionTime.ShouldBe(c.Time.GetUtcNow().UtcDateTime);
                status.Ready.ShouldBe("2/2", "the replicas still run and are still counted");
            },
        });

    public static TheoryData<string> Names => Rows.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public Task Reconciles(string row) => Rows.RunAsync(row);
}
