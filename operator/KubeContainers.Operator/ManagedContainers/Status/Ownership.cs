using k8s.Models;

namespace KubeContainers.Operator.ManagedContainers.Status;

/// <summary>Ownership by uid (what the controllers and the garbage collector go by); by kind and name only when the owner has no uid yet.</summary>
internal static class Ownership
{
    public static bool IsOwnedBy(V1ObjectMeta? child, string ownerKind, V1ObjectMeta? owner)
    {
        if (child?.OwnerReferences is not { Count: > 0 } references || owner is null)
        {
            return false;
        }

        return owner.Uid is { Length: > 0 } uid
            ? references.Any(r => r.Uid == uid)
            : references.Any(r => r.Kind == ownerKind && r.Name == owner.Name);
    }
}
