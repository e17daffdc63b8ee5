using k8s.Models;
using KubeContainers.Api;

namespace KubeContainers.Operator.ManagedContainers.Resources;

/// <summary>The owner reference every owned child carries, so deleting the ManagedContainer removes it.</summary>
public static class OwnerReferences
{
    /// <summary>
    /// A controller reference: <c>controller</c> marks us as the one manager (the sync refuses children whose
    /// controller is someone else), <c>blockOwnerDeletion</c> lets foreground deletion wait for the child.
    /// </summary>
    public static V1OwnerReference For(V1Alpha1ManagedContainer container)
    {
        ArgumentNullException.ThrowIfNull(container);
        return new V1OwnerReference
        {
            ApiVersion = V1Alpha1ManagedContainer.ApiGroupVersion,
            Kind = V1Alpha1ManagedContainer.KubeKind,
            Name = container.Metadata.Name,
            Uid = container.Metadata.Uid,
            Controller = true,
            BlockOwnerDeletion = true,
        };
    }
}
