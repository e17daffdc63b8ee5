using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.Tests.ManagedContainers.Reconciler.Harness;

namespace KubeContainers.Operator.Tests.ManagedContainers.Reconciler;

/// <summary>
/// The Warnings of our pods, ReplicaSets and Jobs feed the status: what the kubelet and the controllers say shows as
/// Ready's reason at once, not at the progress deadline. The nodes here report no runtime handlers (Kubernetes 1.30,
/// or a runtime that does not report them), so only the Events can tell that a sandbox is missing.
/// </summary>
public sealed class EventRows
{
    private const string NoRunsc =
        "Failed to create pod sandbox: rpc error: code = Unknown desc = failed to get sandbox runtime: no runtime for \"runsc\" is configured";

    private static readonly V1Node SilentNode = new()
    {
        ApiVersion = "v1",
        Kind = "Node",
        Metadata = new V1ObjectMeta { Name = "node-1" },
        Status = new V1NodeStatus(),
    };

    private static async Task DeploymentPodWithoutSandbox(Cluster c)
    {
        c.Add(SilentNode);
        c.Add(Objects.WebApp());
        await c.ReconcileAsync();
        var replicaSet = await c.Controllers.ReplicaSetAsync();
        var pod = await c.Controllers.PendingPodAsync(replicaSet.Metadata, "ReplicaSet", replicaSet.Spec.Template);
        await c.Controllers.WarningAsync("Pod", pod.Metadata, "FailedCreatePodSandBox", NoRunsc);
    }

    private static readonly Table Rows = new(
        new Row("a pod's FailedCreatePodSandBox, nodes reporting no handlers: SandboxUnavailable naming the handler and the setting")
        {
            Given = DeploymentPodWithoutSandbox,
            Writes = ["status V1Alpha1ManagedContainer team-a/web"],
            Phase = ManagedContainerPhases.Failed,
            Ready = "False SandboxUnavailable",
            Conditions = ["RuntimeClassAvailable False SandboxUnavailable", "DeploymentAvailable False SandboxUnavailable"],
            Events =
            [
                "Warning SandboxUnavailable: sandbox gvisor: pod web-7b9c5d4f8-q8w2z: " + NoRunsc +
                "; to run it, install the runtime handler \"runsc\" on the nodes, choose another sandbox with spec.sandbox, " +
                "or change the operator's default sandbox (--default-sandbox, chart value operator.defaultSandbox)",
            ],
        },
        new Row("the same for a oneShot Job's pod: SandboxUnavailable, not a Job running forever")
        {
            Given = async c =>
            {
                c.Add(SilentNode);
                c.Add(Objects.OneShot());
                await c.ReconcileAsync();
                var job = c.Get<V1Job>("web");
                var pod = await c.Controllers.PendingPodAsync(job.Metadata, "Job", job.Spec.Template);
                await c.Controllers.WarningAsync("Pod", pod.Metadata, "FailedCreatePodSandBox", NoRunsc);
            },
            Writes = ["status V1Alpha1ManagedContainer team-a/web"],
            Ready = "False SandboxUnavailable",
            Conditions = ["RuntimeClassAvailable False SandboxUnavailable", "JobComplete False SandboxUnavailable"],
            Events = ["Warning SandboxUnavailable: sandbox gvisor: pod web-q8w2z: *--default-sandbox*"],
        },
        new Row("a pod's FailedMount: VolumeMountFailed with the kubelet's message")
        {
            Given = async c =>
            {
                c.Add(Objects.WebApp());
                await c.ReconcileAsync();
                var replicaSet = await c.Controllers.ReplicaSetAsync();
                var pod = await c.Controllers.PendingPodAsync(replicaSet.Metadata, "ReplicaSet", replicaSet.Spec.Template);
                await c.Controllers.WarningAsync("Pod", pod.Metadata, "FailedMount",
                    "MountVolume.SetUp failed for volume \"files\" : configmap \"web-files\" not found");
            },
            Writes = ["status V1Alpha1ManagedContainer team-a/web"],
            Ready = "False VolumeMountFailed",
            Events = ["Warning VolumeMountFailed: pod web-7b9c5d4f8-q8w2z cannot mount its volumes: MountVolume.SetUp failed*"],
        },
        new Row("the ReplicaSet's FailedCreate from a webhook: AdmissionRefused quoting it, before any ReplicaFailure")
        {
            Given = async c =>
            {
                c.Add(Objects.WebApp());
                await c.ReconcileAsync();
                var replicaSet = await c.Controllers.ReplicaSetAsync();
                await c.Controllers.WarningAsync("ReplicaSet", replicaSet.Metadata, "FailedCreate",
                    "Error creating: pods \"web-7b9c5d4f8-\" is forbidden: admission webhook \"validate.kyverno.svc-fail\" denied the request: " +
                    "resource Pod/team-a/web-7b9c5d4f8- was blocked: require-team-label");
            },
            Writes = ["status V1Alpha1ManagedContainer team-a/web"],
            Ready = "False AdmissionRefused",
            Events =
            [
                "Warning AdmissionRefused: Deployment web cannot create pods: admission webhook \"validate.kyverno.svc-fail\" " +
                "denied the request: resource Pod/team-a/web-7b9c5d4f8- was blocked: require-team-label",
            ],
        },
        new Row("a Warning about somebody else's pod is not ours to read: still rolling out")
        {
            Given = async c =>
            {
                c.Add(SilentNode);
                c.Add(Objects.WebApp());
                await c.ReconcileAsync();
                var replicaSet = await c.Controllers.ReplicaSetAsync();
                var pod = await c.Controllers.PendingPodAsync(replicaSet.Metadata, "ReplicaSet", replicaSet.Spec.Template);
                await c.Controllers.WarningAsync("Pod", new V1ObjectMeta { Name = pod.Metadata.Name, NamespaceProperty = "team-a", Uid = "another-pod" },
                    "FailedCreatePodSandBox", NoRunsc);
            },
            // The pod's checks (scheduled) change the status; its reason does not.
            Writes = ["status V1Alpha1ManagedContainer team-a/web"],
            Ready = "Unknown Deploying",
            Events = [],
        });

    public static TheoryData<string> Names => Rows.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public Task Reconciles(string row) => Rows.RunAsync(row);
}
