using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.Tests.ManagedContainers.Reconciler.Harness;

namespace KubeContainers.Operator.Tests.ManagedContainers.Reconciler;

/// <summary>
/// The RuntimeClass, the NetworkPolicy and the claims are what make the pods safe to run: the isolation, the
/// network rules and the container's own data. When an object of that name exists and is not ours, it is left
/// alone, and no workload runs without (or with someone else's) guard: no Deployment is made.
/// </summary>
public sealed class GuardRows
{
    private static V1ObjectMeta Foreign(string name, string? @namespace = Objects.Namespace) => new()
    {
        Name = name,
        NamespaceProperty = @namespace,
        Labels = new Dictionary<string, string> { ["made-by"] = "admin" },
    };

    private static Func<Cluster, Task> With<T>(T foreign, Action<ManagedContainerSpec>? change = null)
        where T : class, k8s.IKubernetesObject<V1ObjectMeta> => c =>
    {
        c.Add(foreign);
        c.Add(Objects.WebApp(change));
        return Task.CompletedTask;
    };

    private static void NoWorkload(Cluster c) => c.Find<V1Deployment>("web").ShouldBeNull();

    private static readonly Table Rows = new(
        new Row("a RuntimeClass of our name that is not ours (another handler): SandboxUnavailable and no pod runs on it")
        {
            Given = With(new V1RuntimeClass { ApiVersion = "node.k8s.io/v1", Kind = "RuntimeClass", Metadata = Foreign("kubecontainers-gvisor", null), Handler = "runc" }),
            Writes =
            [
                "create V1RuntimeClass kubecontainers-gvisor",
                "create V1NetworkPolicy team-a/web",
                "create V1Service team-a/web",
                "create V1Ingress team-a/web",
                "status V1Alpha1ManagedContainer team-a/web",
            ],
            Phase = ManagedContainerPhases.Failed,
            Conditions = ["RuntimeClassAvailable False SandboxUnavailable"],
            Events = ["Warning SandboxUnavailable: *"],
            Then = c =>
            {
                NoWorkload(c);
                c.Get<V1RuntimeClass>("kubecontainers-gvisor", null).Handler.ShouldBe("runc");
            },
        },
        new Row("a NetworkPolicy of our name that is not ours: NotOwned and no pod runs without our rules")
        {
            Given = With(new V1NetworkPolicy
            {
                ApiVersion = "networking.k8s.io/v1",
                Kind = "NetworkPolicy",
                Metadata = Foreign("web"),
                Spec = new V1NetworkPolicySpec { PodSelector = new V1LabelSelector(), PolicyTypes = ["Ingress"] },
            }),
            Writes =
            [
                "create V1RuntimeClass kubecontainers-gvisor",
                "create V1NetworkPolicy team-a/web",
                "create V1Service team-a/web",
                "create V1Ingress team-a/web",
                "status V1Alpha1ManagedContainer team-a/web",
            ],
            Phase = ManagedContainerPhases.Failed,
            Conditions = ["NetworkPolicyApplied False NotOwned"],
            Events = ["Warning NotOwned: *NetworkPolicy web*"],
            Then = NoWorkload,
        },
        new Row("a claim of our name that is not ours: NotOwned and no pod mounts someone else's data")
        {
            Given = With(
                new V1PersistentVolumeClaim
                {
                    ApiVersion = "v1",
                    Kind = "PersistentVolumeClaim",
                    Metadata = Foreign("web-data"),
                    Spec = new V1PersistentVolumeClaimSpec { AccessModes = ["ReadWriteOnce"] },
                },
                s => s.Volumes = [new VolumeSpec { Name = "data", MountPath = "/data", Size = "1Gi" }]),
            Writes =
            [
                "create V1RuntimeClass kubecontainers-gvisor",
                "create V1PersistentVolumeClaim team-a/web-data",
                "create V1NetworkPolicy team-a/web",
                "create V1Service team-a/web",
                "create V1Ingress team-a/web",
                "status V1Alpha1ManagedContainer team-a/web",
            ],
            Phase = ManagedContainerPhases.Failed,
            Conditions = ["VolumesBound False NotOwned"],
            Events = ["Warning NotOwned: *PersistentVolumeClaim web-data*"],
            Then = NoWorkload,
        });

    public static TheoryData<string> Names => Rows.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public Task Reconciles(string row) => Rows.RunAsync(row);
}
