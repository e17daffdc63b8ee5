using k8s.Models;
using KubeContainers.Api;

namespace KubeContainers.CrdGen;

/// <summary>
/// Schemas of Kubernetes types used inside the API, which carry none of our attributes: written out here as the
/// apiserver defines them (metav1.Condition as controller-gen emits it; ObjectMeta is validated by the apiserver
/// itself and must stay a bare object in a CRD).
/// </summary>
internal static class WellKnownSchemas
{
    public static V1JSONSchemaProps? For(Type type)
    {
        if (type == typeof(V1ObjectMeta))
        {
            return new V1JSONSchemaProps { Type = "object" };
        }

        return type == typeof(V1Condition) ? Condition() : null;
    }

    private static V1JSONSchemaProps Condition() => new()
    {
        Type = "object",
        Description = "Condition contains details for one aspect of the current state of this API resource.",
        Required = ["lastTransitionTime", "message", "reason", "status", "type"],
        Properties = new Dictionary<string, V1JSONSchemaProps>(StringComparer.Ordinal)
        {
            ["lastTransitionTime"] = new()
            {
                Type = "string",
                Format = "date-time",
                Description = "lastTransitionTime is the last time the condition transitioned from one status to another.",
            },
            ["message"] = new()
            {
                Type = "string",
                MaxLength = ManagedContainerConditionSet.MaxMessageLength,
                Description = "message is a human readable message indicating details about the transition. This may be an empty string.",
            },
            ["observedGeneration"] = new()
            {
                Type = "integer",
                Format = "int64",
                Minimum = 0,
                Description = "observedGeneration represents the .metadata.generation that the condition was set based upon.",
            },
            ["reason"] = new()
            {
                Type = "string",
                MinLength = 1,
                MaxLength = 1024,
                Pattern = ValidationPatterns.ConditionReason,
                Description = "reason contains a programmatic identifier indicating the reason for the condition's last transition.",
            },
            ["status"] = new()
            {
                Type = "string",
                EnumProperty = [ConditionStatuses.True, ConditionStatuses.False, ConditionStatuses.Unknown],
                Description = "status of the condition, one of True, False, Unknown.",
            },
            ["type"] = new()
            {
                Type = "string",
                MaxLength = 316,
                Pattern = ValidationPatterns.ConditionType,
                Description = "type of condition in CamelCase, e.g. Ready.",
            },
        },
    };
}
