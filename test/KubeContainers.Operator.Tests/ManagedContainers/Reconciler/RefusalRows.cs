using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.Tests.ManagedContainers.Reconciler.Harness;

namespace KubeContainers.Operator.Tests.ManagedContainers.Reconciler;

/// <summary>
/// A child write the API server refuses (a quota, an admission webhook or policy, RBAC) never hides the status: the
/// other children still go ahead, the status says why with the apiserver's words, a Warning Event is recorded, and
/// the reconcile then fails so the runtime retries the refused write with back-off.
/// </summary>
public sealed class RefusalRows
{
    private const string QuotaMessage =
        "persistentvolumeclaims \"web-data\" is forbidden: exceeded quota: storage, requested: requests.storage=5Gi, used: requests.storage=8Gi, limited: requests.storage=10Gi";

    private const string WebhookMessage =
        "services \"web\" is forbidden: admission webhook \"policy.example.com\" denied the request: services must carry a cost-center label";

    private static V1Alpha1ManagedContainer WithVolume() =>
        Objects.WebApp(s => s.Volumes = [new VolumeSpec { Name = "data", MountPath = "/data", Size = "5Gi" }]);

    private static readonly Table Rows = new(
        new Row("a quota refuses the claim: QuotaExceeded naming the quota and resource; every other child still made")
        {
            Given = c => Task.FromResult(c.Add(WithVolume())),
            Faults = c => c.Refuse<V1PersistentVolumeClaim>("create", QuotaMessage),
            Refuses = true,
            Writes =
            [
                "create V1RuntimeClass kubecontainers-gvisor",
                "create V1NetworkPolicy team-a/web",
                "create V1Service team-a/web",
                "create V1Deployment team-a/web",
                "create V1Ingress team-a/web",
                "status V1Alpha1ManagedContainer team-a/web",
            ],
            Ready = "False QuotaExceeded",
            Conditions = ["VolumesBound False QuotaExceeded", "ServiceReady True Ready"],
            Events =
            [
                "Warning QuotaExceeded: the API server refused to write PersistentVolumeClaim web-data: exceeds ResourceQuota storage: " +
                "requests.storage requested 5Gi, used 8Gi, limited 10Gi",
                "Warning QuotaExceeded: the API server refused to write PersistentVolumeClaim web-data: exceeds ResourceQuota storage: *",
            ],
        },
        new Row("a webhook refuses the Service: AdmissionRefused quoting it; the workload still deployed")
        {
            Given = c => Task.FromResult(c.Add(Objects.WebApp())),
            Faults = c => c.Refuse<V1Service>("create", WebhookMessage),
            Refuses = true,
            Writes =
            [
                "create V1RuntimeClass kubecontainers-gvisor",
                "create V1NetworkPolicy team-a/web",
                "create V1Deployment team-a/web",
                "create V1Ingress team-a/web",
                "status V1Alpha1ManagedContainer team-a/web",
            ],
            Ready = "False AdmissionRefused",
            Conditions = ["ServiceReady False AdmissionRefused"],
            Events =
            [
                "Warning AdmissionRefused: the API server refused to write Service web: admission webhook \"policy.example.com\" " +
                "denied the request: services must carry a cost-center label",
                "Warning AdmissionRefused: *",
            ],
        },
        new Row("RBAC forbids the Ingress: Forbidden quoting the apiserver")
        {
            Given = c => Task.FromResult(c.Add(Objects.WebApp())),
            Faults = c => c.Refuse<V1Ingress>("create",
                "ingresses.networking.k8s.io is forbidden: User \"system:serviceaccount:kc:kubecontainers\" cannot create resource \"ingresses\" " +
                "in API group \"networking.k8s.io\" in the namespace \"team-a\""),
            Refuses = true,
            Writes =
            [
                "create V1RuntimeClass kubecontainers-gvisor",
                "create V1NetworkPolicy team-a/web",
                "create V1Service team-a/web",
                "create V1Deployment team-a/web",
                "status V1Alpha1ManagedContainer team-a/web",
            ],
            Conditions = ["IngressReady False Forbidden"],
            Events = ["Warning Forbidden: *", "Warning Forbidden: *cannot create resource \"ingresses\"*"],
        },
        new Row("a quota refuses the NetworkPolicy: no pod starts without it; the rest still made")
        {
            Given = c => Task.FromResult(c.Add(Objects.WebApp())),
            Faults = c => c.Refuse<V1NetworkPolicy>("create",
                "networkpolicies.networking.k8s.io \"web\" is forbidden: exceeded quota: objects, requested: count/networkpolicies.networking.k8s.io=1, " +
                "used: count/networkpolicies.networking.k8s.io=5, limited: count/networkpolicies.networking.k8s.io=5"),
            Refuses = true,
            Writes =
            [
                "create V1RuntimeClass kubecontainers-gvisor",
                "create V1Service team-a/web",
                "create V1Ingress team-a/web",
                "status V1Alpha1ManagedContainer team-a/web",
            ],
            Conditions = ["NetworkPolicyApplied False QuotaExceeded", "DeploymentAvailable False QuotaExceeded"],
            Events = ["Warning QuotaExceeded: *", "Warning QuotaExceeded: *count/networkpolicies.networking.k8s.io requested 1, used 5, limited 5"],
            Then = c => c.Find<V1Deployment>("web").ShouldBeNull(),
        },
        new Row("the refusal lifted: the retry creates the claim and the status recovers")
        {
            Given = async c =>
            {
                c.Add(WithVolume());
                c.Refuse<V1PersistentVolumeClaim>("create", QuotaMessage);
                await Should.ThrowAsync<KubeContainers.Operator.ManagedContainers.ChildWritesRefusedException>(() => c.ReconcileAsync());
                c.Api.ClearReactors();
            },
            Writes = ["create V1PersistentVolumeClaim team-a/web-data", "status V1Alpha1ManagedContainer team-a/web"],
            Conditions = ["VolumesBound Unknown Pending"],
            Events = [],
        });

    public static TheoryData<string> Names => Rows.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public Task Reconciles(string row) => Rows.RunAsync(row);
}
