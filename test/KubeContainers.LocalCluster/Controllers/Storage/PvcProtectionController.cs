using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Admission;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Controllers.Storage;

/// <summary>
/// The pvc-protection controller: a deleted claim keeps its kubernetes.io/pvc-protection finalizer (so it stays, with
/// its deletionTimestamp and phase) while a pod that is scheduled and not finished (Succeeded/Failed) names it in its
/// volumes; once none does, the finalizer goes and the claim with it. Ephemeral (generic inline) volumes are not
/// followed here.
/// </summary>
internal sealed class PvcProtectionController(TimeProvider clock) : ReconcileLoop(clock)
{
    private static readonly WriteOptions Write = WriteOptions.System("kube-controller-manager");

    private static readonly byte[] ClaimVolumeMarker = "\"persistentVolumeClaim\""u8.ToArray();

    protected override IReadOnlyCollection<string> Watches { get; } =
        [BuiltinResources.PersistentVolumeClaims.StorageKey, BuiltinResources.Pods.StorageKey];

    protected override IEnumerable<string> InitialKeys(ResourceService api) =>
        api.Store.List(BuiltinResources.PersistentVolumeClaims.StorageKey, null).Items.Where(c => c.IsDeleting).Select(c => c.Key);

    protected override IEnumerable<string> KeysFor(ResourceService api, WatchEvent change)
    {
        if (change.StorageKey == BuiltinResources.PersistentVolumeClaims.StorageKey)
        {
            return change.Type != WatchEvent.Deleted && change.Object.IsDeleting ? [change.Object.Key] : [];
        }

        // A pod that changes (finishes, goes) may release the claims it names; most pods name none, so look at the
        // raw JSON before parsing it.
        if (change.Object.Json.AsSpan().IndexOf(ClaimVolumeMarker) < 0)
        {
            return [];
        }

        var pod = change.Object.ToJsonObject();
        return ClaimsOf(pod).Select(claim => StoredObject.KeyOf(change.Object.Namespace, claim));
    }

    protected override TimeSpan? Reconcile(ResourceService api, string key)
    {
        var (ns, name) = SplitKey(key);
        if (api.TryGet(BuiltinResources.PersistentVolumeClaims, ns, name) is not { } claim || !claim.IsDeleting()
            || !claim.Finalizers().Contains(PersistentVolumeClaimAdmission.ProtectionFinalizer))
        {
            return null;
        }

        var inUse = api.Store.List(BuiltinResources.Pods.StorageKey, ns).Items
            .Select(p => p.ToJsonObject())
            .Any(p => p.ObjectAt("spec").Str("nodeName") is { Length: > 0 } && Pods.Phase(p) is not ("Succeeded" or "Failed") && ClaimsOf(p).Contains(name));
        if (inUse)
        {
            return null;
        }

        claim.SetFinalizers(claim.Finalizers().Where(f => f != PersistentVolumeClaimAdmission.ProtectionFinalizer));
        api.Update(BuiltinResources.PersistentVolumeClaims, ns, name, claim, null, Write);
        return null;
    }

    private static IEnumerable<string> ClaimsOf(JsonObject pod) =>
        pod.ObjectAt("spec").Objects("volumes").Select(v => v.ObjectAt("persistentVolumeClaim").Str("claimName")).OfType<string>();
}
