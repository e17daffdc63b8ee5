using k8s.Models;

namespace KubeContainers.Cli.Kube;

/// <summary>
/// Who else owns an object's spec. A change the plugin makes to an object Argo CD or Flux applies from Git lasts only
/// until their next sync (or self-heal) puts Git's version back, so the user is told before it is made. Markers, as
/// the tools write them: Argo CD's annotation tracking <c>argocd.argoproj.io/tracking-id</c> (the default since Argo
/// CD 3.0) or label tracking <c>app.kubernetes.io/instance</c> (older default; Helm sets the same label, so that one
/// alone is named as a maybe); Flux's kustomize-controller and helm-controller labels
/// <c>kustomize.toolkit.fluxcd.io/name</c> and <c>helm.toolkit.fluxcd.io/name</c> (with <c>.../namespace</c>).
/// </summary>
internal static class GitOps
{
    public const string ArgoTrackingId = "argocd.argoproj.io/tracking-id";
    public const string ArgoInstanceLabel = "app.kubernetes.io/instance";
    public const string FluxKustomizationName = "kustomize.toolkit.fluxcd.io/name";
    public const string FluxKustomizationNamespace = "kustomize.toolkit.fluxcd.io/namespace";
    public const string FluxHelmReleaseName = "helm.toolkit.fluxcd.io/name";
    public const string FluxHelmReleaseNamespace = "helm.toolkit.fluxcd.io/namespace";

    /// <summary>Flux leaves an object alone with this annotation set to disabled.</summary>
    public const string FluxReconcile = "kustomize.toolkit.fluxcd.io/reconcile";

    /// <summary>The manager's description, or null when nothing marks the object as applied from Git.</summary>
    public static string? Manager(V1ObjectMeta metadata)
    {
        var labels = metadata.Labels ?? new Dictionary<string, string>();
        var annotations = metadata.Annotations ?? new Dictionary<string, string>();
        if (annotations.TryGetValue(FluxReconcile, out var reconcile) && reconcile == "disabled")
        {
            return null;
        }

        if (annotations.TryGetValue(ArgoTrackingId, out var tracking))
        {
            // <application>:<group>/<kind>:<namespace>/<name>
            return $"Argo CD (Application {tracking.Split(':')[0]})";
        }

        if (labels.TryGetValue(FluxKustomizationName, out var kustomization))
        {
            return $"Flux (Kustomization {Qualified(labels, FluxKustomizationNamespace, kustomization)})";
        }

        if (labels.TryGetValue(FluxHelmReleaseName, out var release))
        {
            return $"Flux (HelmRelease {Qualified(labels, FluxHelmReleaseNamespace, release)})";
        }

        return labels.TryGetValue(ArgoInstanceLabel, out var instance)
            ? $"Argo CD or Helm ({ArgoInstanceLabel}={instance})"
            : null;
    }

    /// <summary>Warns on stderr when <paramref name="metadata"/>'s object is applied from Git.</summary>
    public static void WarnIfManaged(V1ObjectMeta metadata, string change)
    {
        if (Manager(metadata) is { } manager)
        {
            Terminal.Warn($"{metadata.Name} is managed by {manager}: the next sync will revert {change}; make the change in Git to keep it");
        }
    }

    private static string Qualified(IDictionary<string, string> labels, string namespaceLabel, string name) =>
        labels.TryGetValue(namespaceLabel, out var ns) ? $"{ns}/{name}" : name;
}
