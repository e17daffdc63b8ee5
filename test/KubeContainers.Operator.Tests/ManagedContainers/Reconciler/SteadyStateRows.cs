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
            // The first Ready of a new container is the status's to tell: no Event.
            Events = [],
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
        new Row("Ready after a failure is a recovery, told by an Event")
        {
            Given = async c =>
            {
                c.Add(Objects.WebApp());
                await c.ReconcileAsync();
                // The apiserver refuses the pods for a quota; then the quota is raised and the rollout finishes.
                await c.EditStatusAsync<k8s.Models.V1Deployment>("web", d => d.Status = new k8s.Models.V1DeploymentStatus
                {
                    ObservedGeneration = d.Metadata.Generation,
                    Conditions =
                    [
                        new k8s.Models.V1DeploymentCondition
                        {
                            Type = "ReplicaFailure", Status = "True", Reason = "FailedCreate",
                            Message = "pods \"web-5d8f-\" is forbidden: exceeded quota: compute, requested: cpu=250m, used: cpu=1, limited: cpu=1",
                        },
                    ],
                });
                await c.ReconcileAsync();
                c.Container().Status.GetCondition(ConditionTypes.Ready)!.Reason.ShouldBe(ConditionReasons.QuotaExceeded);
                await c.Controllers.RolloutDoneAsync();
                await c.Controllers.IngressAddressAsync();
            },
            Writes = ["status V1Alpha1ManagedContainer team-a/web"],
            Phase = ManagedContainerPhases.Running,
            Ready = "True Ready",
            Url = Objects.WebUrl,
            Events = ["Normal Ready: serving again at " + Objects.WebUrl],
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
