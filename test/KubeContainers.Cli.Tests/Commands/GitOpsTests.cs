using k8s.Models;
using KubeContainers.Cli.Kube;

namespace KubeContainers.Cli.Tests.Commands;

/// <summary>Which markers say Argo CD or Flux applies an object from Git.</summary>
public sealed class GitOpsTests
{
    private static string? Manager(Dictionary<string, string>? labels = null, Dictionary<string, string>? annotations = null) =>
        GitOps.Manager(new V1ObjectMeta { Name = "web", Labels = labels, Annotations = annotations });

    [Fact]
    public void Nothing_marks_an_object_applied_by_hand()
    {
        Manager(new() { ["app"] = "web" }).ShouldBeNull();
    }

    [Fact]
    public void Argo_cd_annotation_tracking_names_the_application()
    {
        Manager(annotations: new() { [GitOps.ArgoTrackingId] = "shop:kubecontainers.io/ManagedContainer:prod/web" }).ShouldBe("Argo CD (Application shop)");
    }

    [Fact]
    public void The_instance_label_alone_may_be_argo_cd_or_helm()
    {
        Manager(new() { [GitOps.ArgoInstanceLabel] = "shop" }).ShouldBe("Argo CD or Helm (app.kubernetes.io/instance=shop)");
    }

    [Fact]
    public void Flux_kustomizations_and_helm_releases_are_named_with_their_namespace()
    {
        Manager(new() { [GitOps.FluxKustomizationName] = "apps", [GitOps.FluxKustomizationNamespace] = "flux-system" }).ShouldBe("Flux (Kustomization flux-system/apps)");
        Manager(new() { [GitOps.FluxHelmReleaseName] = "web" }).ShouldBe("Flux (HelmRelease web)");
    }

    [Fact]
    public void Flux_reconcile_disabled_means_nothing_will_revert_it()
    {
        Manager(new() { [GitOps.FluxKustomizationName] = "apps" }, new() { [GitOps.FluxReconcile] = "disabled" }).ShouldBeNull();
    }
}
