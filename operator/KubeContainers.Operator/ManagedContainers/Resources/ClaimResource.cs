using k8s.Models;

namespace KubeContainers.Operator.ManagedContainers.Resources;

/// <summary>One PersistentVolumeClaim per <c>spec.volumes</c> entry, in the spec's order.</summary>
public static class ClaimResource
{
    public static IReadOnlyList<V1PersistentVolumeClaim> Make(BuildInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var container = input.Container;
        return (container.Spec.Volumes ?? []).Select(volume =>
        {
            var retain = volume.Retain == true;
            // A retained claim carries no owner reference, so the garbage collector leaves it (and its data) behind
            // when the ManagedContainer goes; the label says why it has no owner and lets the user find it.
            var metadata = ChildMetadata.For(container, Names.Claim(container.Metadata.Name, volume.Name), owned: !retain);
            if (retain)
            {
                metadata.Labels = ChildMetadata.Sorted(metadata.Labels.Append(new(Labels.Retain, "true")));
            }

            return new V1PersistentVolumeClaim
            {
                ApiVersion = "v1",
                Kind = "PersistentVolumeClaim",
                Metadata = metadata,
                Spec = new V1PersistentVolumeClaimSpec
                {
                    AccessModes = ["ReadWriteOnce"],
                    Resources = new V1VolumeResourceRequirements
                    {
                        Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(volume.Size) },
                    },
                    StorageClassName = volume.StorageClassName,
                },
            };
        }).ToList();
    }
}
