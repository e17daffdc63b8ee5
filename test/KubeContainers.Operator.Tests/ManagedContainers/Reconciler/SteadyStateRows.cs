using KubeContainers.Api;
using KubeContainers.Operator.Tests.ManagedContainers.Reconciler.Harness;

namespace KubeContainers.Operator.Tests.ManagedContainers.Reconciler;

/// <summary>Once the children exist and Kubernetes reports them ready: Ready once, then silence.</summary>
public sealed class SteadyStateRows
{
    /// <summary>The first reconcile, then the Deployment rolled out with running pods and the Ingress published.</summary>
    private static async Task RunningAfterFirstReconcile(Cluster c)
    {
        c.Add(Objects.WebApp());
        await c.ReconcileAsync();
        await c.Controllers.RolloutDoneAsync();
        await c.Controllers.IngressAddressAsync();
    }

    private static readonly Table Rows = new(
        new Row("Deployment available and Ingress with an address: Ready, status written once, no child touched")
        {
            Given = RunningAfterFirstReconcile,
            Writes = ["status V1Alpha1ManagedContainer team-a/web"],
            Phase = ManagedContainerPhases.Running,
            Ready = "True Ready",
            Conditions = ["DeploymentAvailable True Available", "IngressReady True Ready", "Reconciling False Reconciled"],
            Checks = "imagePulled, scheduled, running, healthCheckPassing, networkConfigured, sandboxAvailable, urlAssigned, volumesBound",
            Url = Objects.WebUrl,
            Events = ["Normal Ready: serving at " + Objects.WebUrl],
            Then = c =>
            {
                var status = c.Container().Status;
                status.Ready.ShouldBe("2/2");
                status.Image.ShouldBe(Objects.Image);
                status.LastHealthyImage.ShouldBe(Objects.Image);
                status.Message.ShouldBeNull();
            },
        },
        new Row("steady state: everything in place and the status already stored, so nothing is written")
        {
            Given = async c =>
            {
                await RunningAfterFirstReconcile(c);
                await c.ReconcileAsync();
                c.Time.Advance(TimeSpan.FromMinutes(10));
            },
            Writes = [],
            Phase = ManagedContainerPhases.Running,
            Ready = "True Ready",
            Url = Objects.WebUrl,
            Events = [],
        },
        new Row("steady state of a worker writes nothing either")
        {
            Given = async c =>
            {
                c.Add(Objects.Worker());
                await c.ReconcileAsync();
                await c.Controllers.RolloutDoneAsync();
                await c.ReconcileAsync();
            },
            Writes = [],
            Phase = ManagedContainerPhases.Running,
            Ready = "True Ready",
            Events = [],
        });

    public static TheoryData<string> Names => Rows.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public Task Reconciles(string row) => Rows.RunAsync(row);
}
