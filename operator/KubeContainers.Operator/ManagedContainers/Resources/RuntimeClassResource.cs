using k8s.Models;
using KubeContainers.Operator.Configuration;

namespace KubeContainers.Operator.ManagedContainers.Resources;

/// <summary>
/// The cluster-scoped RuntimeClass of a sandbox profile. Shared by every ManagedContainer of the profile, so it has
/// no owner reference (deleting one container must not take it from the others); the label marks it as ours.
/// </summary>
public static class RuntimeClassResource
{
    /// <summary>Null for a profile without handler: those run on the node's default runtime, no class needed.</summary>
    public static V1RuntimeClass? Make(SandboxProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (profile.Handler is null)
        {
            return null;
        }

        var hasScheduling = profile.NodeSelector.Count > 0 || profile.Tolerations.Count > 0;
        return new V1RuntimeClass
        {
            ApiVersion = "node.k8s.io/v1",
            Kind = "RuntimeClass",
            Metadata = new V1ObjectMeta
            {
                Name = Names.RuntimeClass(profile.Name),
                Labels = new Dictionary<string, string> { [Labels.ManagedBy] = Labels.ManagedByValue },
            },
            Handler = profile.Handler,
            // The scheduler adds the overhead to the pod's requests, so a sandbox's own cost is accounted for.
            Overhead = profile.Overhead.Count > 0
                ? new V1Overhead
                {
                    PodFixed = profile.Overhead
                        .OrderBy(o => o.Key, StringComparer.Ordinal)
                        .ToDictionary(o => o.Key, o => new ResourceQuantity(o.Value), StringComparer.Ordinal),
                }
                : null,
            // Merged into every pod of the class by the RuntimeClass admission plugin: pods land only where the
            // handler is installed.
            Scheduling = hasScheduling
                ? new V1Scheduling
                {
                    NodeSelector = profile.NodeSelector.Count > 0 ? ChildMetadata.Sorted(profile.NodeSelector) : null,
                    Tolerations = profile.Tolerations.Count > 0 ? profile.Tolerations.Select(Toleration).ToList() : null,
                }
                : null,
        };
    }

    /// <summary>
    /// Parses <c>key=value:Effect</c> (Equal), <c>key:Effect</c> and <c>key</c> (Exists), the forms kubectl taint
    /// prints; <c>key=value</c> (Equal, any effect) too.
    /// </summary>
    public static V1Toleration Toleration(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.LastIndexOf(':');
        var effect = colon < 0 ? null : text[(colon + 1)..].Trim();
        var keyValue = colon < 0 ? text : text[..colon];
        var equals = keyValue.IndexOf('=', StringComparison.Ordinal);
        return equals < 0
            ? new V1Toleration { Key = keyValue.Trim(), OperatorProperty = "Exists", Effect = effect }
            : new V1Toleration
            {
                Key = keyValue[..equals].Trim(),
                OperatorProperty = "Equal",
                Value = keyValue[(equals + 1)..].Trim(),
                Effect = effect,
            };
    }
}
