using k8s.Models;

namespace KubeContainers.Operator.ManagedContainers;

/// <summary>
/// Whether a claim may grow to the size the spec asks. The apiserver allows a larger <c>resources.requests.storage</c>
/// only on a Bound claim whose StorageClass sets <c>allowVolumeExpansion</c> (PersistentVolumeClaim update validation
/// and the PersistentVolumeClaimResize admission plugin); anything else is refused, and a WaitForFirstConsumer class
/// (kind's and k3s's local-path) leaves claims unbound until a pod is scheduled. A claim that cannot grow is kept at its
/// size, so its refusal never blocks the rest of the container's changes; it grows on a later reconcile once it can.
/// A claim never shrinks (the apiserver forbids that too).
/// </summary>
public static class ClaimGrowth
{
    /// <summary>Reason of the Warning Event for a size kept as it is.</summary>
    public const string EventReason = "VolumeNotExpanded";

    /// <summary>
    /// Keeps <paramref name="desired"/> at <paramref name="existing"/>'s size when it asks for less, or for more than the
    /// claim can have now. Returns why a growth is held (for VolumesBound's message and the Event), else null.
    /// </summary>
    public static string? Hold(V1PersistentVolumeClaim existing, V1PersistentVolumeClaim desired, IReadOnlyList<V1StorageClass> classes)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(classes);
        if (Storage(existing) is not { } current || Storage(desired) is not { } wanted || wanted.ToDecimal() == current.ToDecimal())
        {
            return null;
        }

        string? why = null;
        if (wanted.ToDecimal() > current.ToDecimal())
        {
            why = Blocker(existing, classes);
            if (why is null)
            {
                return null;
            }
        }

        desired.Spec.Resources.Requests["storage"] = current;
        return why is null
            ? null
            : $"PersistentVolumeClaim {existing.Metadata.Name} stays at {current} (spec asks {wanted}): {why}";
    }

    private static string? Blocker(V1PersistentVolumeClaim existing, IReadOnlyList<V1StorageClass> classes)
    {
        if (existing.Status?.Phase != "Bound")
        {
            return "it is not bound yet, and only a bound claim can grow; it grows once bound";
        }

        var name = existing.Spec.StorageClassName ?? classes.FirstOrDefault(IsDefault)?.Metadata.Name;
        var storageClass = name is null ? null : classes.FirstOrDefault(c => c.Metadata.Name == name);
        if (storageClass is null)
        {
            return name is null
                ? "it has no StorageClass, and only a claim of a class that allows expansion can grow"
                : $"its StorageClass {name} does not exist, and only a claim of a class that allows expansion can grow";
        }

        return storageClass.AllowVolumeExpansion == true
            ? null
            : $"its StorageClass {name} does not allow volume expansion (allowVolumeExpansion is not true)";
    }

    private static bool IsDefault(V1StorageClass storageClass) =>
        storageClass.Metadata.Annotations?.TryGetValue(CacheTransforms.DefaultStorageClassAnnotation, out var value) == true && value == "true";

    private static ResourceQuantity? Storage(V1PersistentVolumeClaim claim) =>
        claim.Spec?.Resources?.Requests is { } requests && requests.TryGetValue("storage", out var size) ? size : null;
}
