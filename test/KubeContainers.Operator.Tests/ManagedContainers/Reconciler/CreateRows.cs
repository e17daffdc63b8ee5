using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.Tests.ManagedContainers.Reconciler.Harness;

namespace KubeContainers.Operator.Tests.ManagedContainers.Reconciler;

/// <summary>A new ManagedContainer: what its first reconcile creates, in order, and the one status write after.</summary>
public sealed class CreateRows
{
    private static readonly Table Rows = new(
        new Row("new public web app creates every child, then writes status once")
        {
            Given = c => Task.FromResult(c.Add(Objects.WebApp())),
            // The shared RuntimeClass first (pods need it), the workload before the Ingress that routes to it.
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
            Conditions =
            [
                "RuntimeClassAvailable True Available", "VolumesBound True NotRequired", "DeploymentAvailable Unknown Deploying",
                "JobComplete True NotRequired", "ServiceReady True Ready", "IngressReady Unknown Pending", "NetworkPolicyApplied True Applied",
                "Stalled False NotStalled", "Suspended False Active",
            ],
            // No pod yet: nothing the pods report is true.
            Checks = "networkConfigured, sandboxAvailable, urlAssigned, volumesBound",
            Url = Objects.WebUrl,
            // The RuntimeClass is shared by every container of the profile, so it is not this one's to announce.
            Events = [],
            Then = c =>
            {
                var status = c.Container().Status;
                status.ObservedGeneration.ShouldBe(1);
                status.InternalUrl.ShouldBe("http://web.team-a.svc.cluster.local:8080");
                status.Sandbox.ShouldBe("gvisor");
                status.RuntimeClassName.ShouldBe("kubecontainers-gvisor");
                status.LastDeployedAt.ShouldBe(Cluster.Start);
                c.Get<V1Deployment>("web").Spec.Replicas.ShouldBe(2);
                c.Get<V1RuntimeClass>("kubecontainers-gvisor", null).Metadata.OwnerReferences.ShouldBeNull();
            },
        },
        new Row("worker without port gets no Service and no Ingress")
        {
            Given = c => Task.FromResult(c.Add(Objects.Worker())),
            Writes =
            [
                "create V1RuntimeClass kubecontainers-gvisor",
                "create V1NetworkPolicy team-a/web",
                "create V1Deployment team-a/web",
                "status V1Alpha1ManagedContainer team-a/web",
            ],
            Phase = ManagedContainerPhases.Deploying,
            Ready = "Unknown Deploying",
            Conditions = ["ServiceReady True NotRequired", "IngressReady True NotRequired"],
            Checks = "networkConfigured, sandboxAvailable, volumesBound",
            Url = Row.NoUrl,
            Events = [],
            Then = c => c.Container().Status.InternalUrl.ShouldBeNull(),
        },
        new Row("oneShot creates a Job and no Deployment")
        {
            Given = c => Task.FromResult(c.Add(Objects.OneShot())),
            Writes =
            [
                "create V1RuntimeClass kubecontainers-gvisor",
                "create V1NetworkPolicy team-a/web",
                "create V1Job team-a/web",
                "status V1Alpha1ManagedContainer team-a/web",
            ],
            Phase = ManagedContainerPhases.Deploying,
            Ready = "Unknown JobRunning",
            Conditions = ["DeploymentAvailable True NotRequired", "JobComplete Unknown JobRunning"],
            Url = Row.NoUrl,
            Events = [],
            Then = c =>
            {
                c.Find<V1Deployment>("web").ShouldBeNull();
                c.Get<V1Job>("web").Spec.Template.Spec.Containers[0].Command.ShouldBe(["/bin/migrate", "--all"]);
            },
        });

    public static TheoryData<string> Names => Rows.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public Task Reconciles(string row) => Rows.RunAsync(row);
}
