using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.Tests.ManagedContainers.Reconciler.Harness;

namespace KubeContainers.Operator.Tests.ManagedContainers.Reconciler;

/// <summary>oneShot: a Job runs once; its end is the container's end, with the exit code when it failed.</summary>
public sealed class JobRows
{
    private static async Task JobCreated(Cluster c)
    {
        c.Add(Objects.OneShot());
        await c.ReconcileAsync();
    }

    private static readonly Table Rows = new(
        new Row("Job Complete: phase Succeeded, Completed announced")
        {
            Given = async c =>
            {
                await JobCreated(c);
                await c.Controllers.JobSucceededAsync();
            },
            Writes = ["status V1Alpha1ManagedContainer team-a/web"],
            Phase = ManagedContainerPhases.Succeeded,
            Ready = "True Ready",
            Conditions = ["JobComplete True Completed", "DeploymentAvailable True NotRequired"],
            Events = ["Normal Completed: the Job ran to completion"],
        },
        new Row("Job Failed, its pod exited with code 3: phase Failed with the code in the message")
        {
            Given = async c =>
            {
                await JobCreated(c);
                await c.Controllers.JobFailedAsync(exitCode: 3);
            },
            Writes = ["status V1Alpha1ManagedContainer team-a/web"],
            Phase = ManagedContainerPhases.Failed,
            Ready = "False JobFailed",
            // A run that ended is final: stalled until the spec changes.
            Conditions = ["JobComplete False JobFailed", "Stalled True JobFailed"],
            Events = ["Warning JobFailed: *exited with code 3"],
            Then = c => c.Container().Status.Message.ShouldNotBeNull().ShouldContain("code 3"),
        },
        new Row("a completed Job in a steady state writes nothing")
        {
            Given = async c =>
            {
                await JobCreated(c);
                await c.Controllers.JobSucceededAsync();
                await c.ReconcileAsync();
            },
            Writes = [],
            Phase = ManagedContainerPhases.Succeeded,
            Events = [],
        },
        new Row("a finished Job whose command changed is deleted, to run the new one")
        {
            Given = async c =>
            {
                await JobCreated(c);
                await c.Controllers.JobSucceededAsync();
                await c.ReconcileAsync();
                await c.EditSpecAsync(s => s.Command = ["/bin/migrate", "--dry-run"]);
            },
            // A Job's template cannot change: delete now, create once it is gone (its deletion wakes the reconcile).
            Writes = ["delete V1Job team-a/web", "status V1Alpha1ManagedContainer team-a/web"],
            Phase = ManagedContainerPhases.Deploying,
            Conditions = ["JobComplete Unknown JobRunning"],
            Events = ["Normal Deployed: deploying *"],
            Then = c => c.Find<V1Job>("web").ShouldBeNull(),
        },
        new Row("the Job of the new command is created once the old one is gone")
        {
            Given = async c =>
            {
                await JobCreated(c);
                await c.Controllers.JobSucceededAsync();
                await c.ReconcileAsync();
                await c.EditSpecAsync(s => s.Command = ["/bin/migrate", "--dry-run"]);
                await c.ReconcileAsync();
            },
            // The status learns the new Job's replicas (0/1).
            Writes = ["create V1Job team-a/web", "status V1Alpha1ManagedContainer team-a/web"],
            Conditions = ["JobComplete Unknown JobRunning"],
            // The new version was announced as Deployed when the old Job was deleted; creating it is not another one.
            Events = [],
            Then = c => c.Get<V1Job>("web").Spec.Template.Spec.Containers[0].Command.ShouldBe(["/bin/migrate", "--dry-run"]),
        });

    public static TheoryData<string> Names => Rows.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public Task Reconciles(string row) => Rows.RunAsync(row);
}
