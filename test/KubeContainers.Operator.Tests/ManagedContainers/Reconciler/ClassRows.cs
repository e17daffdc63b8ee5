using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.Configuration;
using KubeContainers.Operator.Tests.ManagedContainers.Reconciler.Harness;

namespace KubeContainers.Operator.Tests.ManagedContainers.Reconciler;

/// <summary>
/// What the cluster's classes allow: a claim grows only when bound and its StorageClass allows expansion, and never
/// holds back the rest of the container; an Ingress of a class nobody serves says so.
/// </summary>
public sealed class ClassRows
{
    private static async Task ClaimOf(Cluster c, string? storageClass, bool bound)
    {
        c.Add(new V1StorageClass
        {
            ApiVersion = "storage.k8s.io/v1",
            Kind = "StorageClass",
            Metadata = new V1ObjectMeta { Name = "local-path" },
            Provisioner = "rancher.io/local-path",
            VolumeBindingMode = "WaitForFirstConsumer",
        });
        c.Add(Objects.WebApp(s => s.Volumes = [new VolumeSpec { Name = "data", MountPath = "/data", Size = "1Gi", StorageClassName = storageClass }]));
        await c.ReconcileAsync();
        if (bound)
        {
            await c.Controllers.ClaimsBoundAsync();
        }

        await c.EditSpecAsync(s => (s.Volumes![0].Size, s.Image) = ("5Gi", "ghcr.io/acme/web:2.0"));
    }

    private static readonly Table Rows = new(
        new Row("growth on a class without allowVolumeExpansion: the claim kept, VolumesBound and an Event say why, the new image still goes out")
        {
            Given = c => ClaimOf(c, "local-path", bound: true),
            Writes = ["update V1Deployment team-a/web", "status V1Alpha1ManagedContainer team-a/web"],
            Conditions = ["VolumesBound True Bound"],
            Events =
            [
                "Normal Deployed: *",
                "Warning VolumeNotExpanded: PersistentVolumeClaim web-data stays at 1Gi (spec asks 5Gi): its StorageClass local-path " +
                "does not allow volume expansion (allowVolumeExpansion is not true)",
            ],
            Then = c =>
            {
                c.Get<V1PersistentVolumeClaim>("web-data").Spec.Resources.Requests["storage"].ToString().ShouldBe("1Gi");
                c.Get<V1Deployment>("web").Spec.Template.Spec.Containers[0].Image.ShouldBe("ghcr.io/acme/web:2.0");
                c.Container().Status.GetCondition(ConditionTypes.VolumesBound)!.Message.ShouldContain("allowVolumeExpansion");
            },
        },
        new Row("growth of a claim not bound yet (WaitForFirstConsumer): kept until bound, the rest goes ahead")
        {
            Given = c => ClaimOf(c, null, bound: false),
            Writes = ["update V1Deployment team-a/web", "status V1Alpha1ManagedContainer team-a/web"],
            Conditions = ["VolumesBound Unknown Pending"],
            Events = ["Normal Deployed: *", "Warning VolumeNotExpanded: PersistentVolumeClaim web-data stays at 1Gi (spec asks 5Gi): it is not bound yet*"],
            Then = c => c.Get<V1PersistentVolumeClaim>("web-data").Spec.Resources.Requests["storage"].ToString().ShouldBe("1Gi"),
        },
        new Row("growth of a bound claim of a class that allows it: the claim grows")
        {
            Given = c => ClaimOf(c, null, bound: true),
            Writes = ["update V1PersistentVolumeClaim team-a/web-data", "update V1Deployment team-a/web", "status V1Alpha1ManagedContainer team-a/web"],
            Conditions = ["VolumesBound True Bound"],
            Events = ["Normal Deployed: *"],
            Then = c => c.Get<V1PersistentVolumeClaim>("web-data").Spec.Resources.Requests["storage"].ToString().ShouldBe("5Gi"),
        },
        new Row("the configured IngressClass does not exist: IngressClassNotFound naming it")
        {
            Settings = s => s with { IngressClass = "traefik" },
            Given = c => Task.FromResult(c.Add(Objects.WebApp())),
            Writes =
            [
                "create V1RuntimeClass kubecontainers-gvisor",
                "create V1NetworkPolicy team-a/web",
                "create V1Service team-a/web",
                "create V1Deployment team-a/web",
                "create V1Ingress team-a/web",
                "status V1Alpha1ManagedContainer team-a/web",
            ],
            Conditions = ["IngressReady False IngressClassNotFound"],
            Events = ["Warning IngressClassNotFound: IngressClass traefik does not exist, so no ingress controller serves Ingress web*--ingress-class*"],
        },
        new Row("a controller that publishes no address, and the operator told so: IngressReady once the Ingress exists")
        {
            Settings = s => s with { IngressReadyWithoutAddress = true },
            Given = async c =>
            {
                c.Add(Objects.WebApp());
                await c.ReconcileAsync();
                await c.Controllers.RolloutDoneAsync();
            },
            Writes = ["status V1Alpha1ManagedContainer team-a/web"],
            Ready = "True Ready",
            Conditions = ["IngressReady True Ready"],
            Events = [],
            Then = c => c.Container().Status.GetCondition(ConditionTypes.IngressReady)!.Message.ShouldContain("--ingress-ready-without-address"),
        });

    public static TheoryData<string> Names => Rows.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public Task Reconciles(string row) => Rows.RunAsync(row);
}
