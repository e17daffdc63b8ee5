using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Admission;

/// <summary>
/// PVC defaults: volumeMode Filesystem, and (the DefaultStorageClass plugin, on create) the default StorageClass when
/// storageClassName is left out; an explicit "" keeps meaning "no class"; on create, the StorageObjectInUseProtection
/// plugin's kubernetes.io/pvc-protection finalizer. Updates are validated as
/// ValidatePersistentVolumeClaimUpdate does (see <see cref="PersistentVolumeClaimUpdateValidation"/>).
/// </summary>
internal sealed class PersistentVolumeClaimAdmission : IAdmissionPlugin
{
    private const string DefaultClassAnnotation = "storageclass.kubernetes.io/is-default-class";

    /// <summary>Added to every new claim by the StorageObjectInUseProtection plugin; the pvc-protection controller removes it.</summary>
    public const string ProtectionFinalizer = "kubernetes.io/pvc-protection";

    public void Admit(AdmissionRequest request)
    {
        if (request.Type != BuiltinResources.PersistentVolumeClaims || request.Subresource is not null)
        {
            return;
        }

        var spec = request.Object.Child("spec");
        spec["volumeMode"] ??= "Filesystem";
        if (request.OldObject is { } old)
        {
            var errors = PersistentVolumeClaimUpdateValidation.Validate(request.Object, old);
            if (errors.Count > 0)
            {
                throw ApiException.Invalid(request.Type, request.Object.Name(), errors);
            }
        }

        if (request.IsCreate && !request.Object.Finalizers().Contains(ProtectionFinalizer))
        {
            request.Object.SetFinalizers([.. request.Object.Finalizers(), ProtectionFinalizer]);
        }

        if (!request.IsCreate || spec["storageClassName"] is not null)
        {
            return;
        }

        var defaultClass = request.Api.Store.List(BuiltinResources.StorageClasses.StorageKey, null).Items
            .Select(s => s.ToJsonObject())
            .Where(s => s.Metadata().StringMap("annotations").GetValueOrDefault(DefaultClassAnnotation) == "true")
            .OrderByDescending(s => s.Metadata().Str("creationTimestamp"), StringComparer.Ordinal)
            .FirstOrDefault();
        if (defaultClass is not null)
        {
            spec["storageClassName"] = defaultClass.Name();
        }
    }
}
