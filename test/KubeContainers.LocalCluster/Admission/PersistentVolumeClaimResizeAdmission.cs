using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Admission;

/// <summary>
/// The PersistentVolumeClaimResize plugin (plugin/pkg/admission/storage/persistentvolume/resize): a claim may grow only
/// when it is bound and its StorageClass (unchanged) says <c>allowVolumeExpansion: true</c>; otherwise 403.
/// </summary>
internal sealed class PersistentVolumeClaimResizeAdmission : IAdmissionPlugin
{
    public void Admit(AdmissionRequest request)
    {
        if (request.Type != BuiltinResources.PersistentVolumeClaims || request.Subresource is not null || request.OldObject is not { } old)
        {
            return;
        }

        var oldSize = Quantity.Of(old.ObjectAt("spec")?.ObjectAt("resources")?.ObjectAt("requests")?["storage"]) ?? 0;
        var newSize = Quantity.Of(request.Object.ObjectAt("spec")?.ObjectAt("resources")?.ObjectAt("requests")?["storage"]) ?? 0;
        if (newSize <= oldSize)
        {
            return;
        }

        if (old.ObjectAt("status").Str("phase") != "Bound")
        {
            throw ApiException.Forbidden(request.Type, request.Object.Name(), "Only bound persistent volume claims can be expanded");
        }

        var storageClass = ClassOf(request.Object);
        var allowed = storageClass.Length > 0 && storageClass == ClassOf(old)
            && request.Api.TryGet(BuiltinResources.StorageClasses, null, storageClass) is { } found && found.Bool("allowVolumeExpansion") == true;
        if (!allowed)
        {
            throw ApiException.Forbidden(request.Type, request.Object.Name(),
                "only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize");
        }
    }

    private static string ClassOf(System.Text.Json.Nodes.JsonObject claim) =>
        claim.Metadata().StringMap("annotations").GetValueOrDefault("volume.beta.kubernetes.io/storage-class")
        ?? claim.ObjectAt("spec").Str("storageClassName") ?? "";
}
