using System.Globalization;
using k8s.Models;
using KubeContainers.Operator.Configuration;

namespace KubeContainers.Operator.ManagedContainers.Resources;

/// <summary>
/// The pod template shared by the Deployment and the Job. Hardened whatever the spec says: no service account token,
/// no host namespaces, no privilege, the sandbox's RuntimeClass. Nothing in the spec can loosen it.
/// </summary>
public static class PodTemplateResource
{
    public const string RestartAlways = "Always";

    public const string RestartNever = "Never";

    /// <summary>Same layout as kubectl's restartedAt, in UTC, so the annotation only changes when the time does.</summary>
    public const string RestartedAtFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public static V1PodTemplateSpec Make(BuildInput input, string restartPolicy)
    {
        ArgumentNullException.ThrowIfNull(input);
        var container = input.Container;
        var spec = container.Spec;
        return new V1PodTemplateSpec
        {
            Metadata = new V1ObjectMeta
            {
                Labels = ChildMetadata.LabelsOf(container),
                // A changed template is what makes the Deployment roll, as with kubectl rollout restart.
                Annotations = Annotations(spec),
            },
            Spec = new V1PodSpec
            {
                RestartPolicy = restartPolicy,
                // The app never talks to the Kubernetes API; a mounted token would only be something to steal.
                AutomountServiceAccountToken = false,
                // Service links leak every Service of the namespace into the environment (and can break apps).
                EnableServiceLinks = false,
                TerminationGracePeriodSeconds = spec.TerminationGracePeriodSeconds,
                RuntimeClassName = SandboxSelection.RuntimeClassName(input),
                NodeSelector = spec.Architecture is { } arch
                    ? new Dictionary<string, string> { ["kubernetes.io/arch"] = arch }
                    : null,
                ImagePullSecrets = spec.ImagePullSecrets is { Count: > 0 } secrets
                    ? secrets.Select(s => new V1LocalObjectReference { Name = s }).ToList()
                    : null,
                SecurityContext = PodSecurity.Pod(input),
                Containers = [AppContainerResource.Make(input)],
                Volumes = (spec.Volumes ?? []).Select(v => new V1Volume
                {
                    Name = v.Name,
                    PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource
                    {
                        ClaimName = Names.Claim(container.Metadata.Name, v.Name),
                    },
                }).Concat(FilesResource.Volumes(input)).ToList() is { Count: > 0 } volumes ? volumes : null,
            },
        };
    }

    /// <summary>spec.restartedAt and the digest of the inline files: a change of either rolls the pods.</summary>
    private static Dictionary<string, string>? Annotations(Api.ManagedContainerSpec spec)
    {
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (FilesResource.ContentHash(spec) is { } filesHash)
        {
            annotations[FilesResource.ContentHashAnnotation] = filesHash;
        }

        if (spec.RestartedAt is { } restartedAt)
        {
            annotations[Labels.RestartedAtAnnotation] = restartedAt.UtcDateTime.ToString(RestartedAtFormat, CultureInfo.InvariantCulture);
        }

        return annotations.Count > 0 ? annotations : null;
    }
}
