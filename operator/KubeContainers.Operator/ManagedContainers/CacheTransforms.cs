using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.ManagedContainers.Status;

namespace KubeContainers.Operator.ManagedContainers;

/// <summary>
/// Trims objects before the informer caches store them (<c>AddCache(selector, transform)</c>), keeping only what
/// the reconciler and the status diagnosis read: the caches are most of the operator's memory (about 50 KiB per
/// container untrimmed). Kinds the child sync compares for drift (Deployment, Job, Service, Ingress, NetworkPolicy,
/// claims, RuntimeClass, the ConfigMap of spec.files, whose data is what is compared) are not trimmed: it checks that every field we set is still in the cached object. Every
/// cache already drops managedFields. A new read of a trimmed kind must be added here, or it reads null.
/// </summary>
public static class CacheTransforms
{
    /// <summary>What <c>kubectl apply</c> leaves on the object: a second copy of the whole spec. Status writes go to
    /// /status (the API server keeps the stored metadata) and nothing copies the container's annotations.</summary>
    public const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>ManagedContainers lose kubectl's last-applied copy of the spec.</summary>
    public static V1Alpha1ManagedContainer ManagedContainer(V1Alpha1ManagedContainer container)
    {
        ArgumentNullException.ThrowIfNull(container);
        if (container.Metadata.Annotations is { } annotations && annotations.Remove(LastAppliedAnnotation) && annotations.Count == 0)
        {
            container.Metadata.Annotations = null;
        }

        return container;
    }

    /// <summary>
    /// Pods keep metadata (without annotations), the whole status, the node they are bound to and, of each
    /// container, what messages quote: name, image, resources (the memory limit of OOMKilled) and readiness probe
    /// (the health check's grace). Volumes, env, security context, tolerations and the rest go.
    /// </summary>
    public static V1Pod Pod(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        pod.Metadata.Annotations = null;
        if (pod.Spec is { } spec)
        {
            pod.Spec = new V1PodSpec
            {
                NodeName = spec.NodeName,
                Containers = Trim(spec.Containers) ?? [],
                InitContainers = Trim(spec.InitContainers),
            };
        }

        return pod;
    }

    /// <summary>
    /// ReplicaSets keep metadata (owner references and the revision annotation), status and replica count. The pod
    /// template is read only to find the Deployment's current ReplicaSet, so it is replaced by its digest
    /// (<see cref="DeploymentPods.TemplateDigestAnnotation"/>); the operator never writes ReplicaSets.
    /// </summary>
    public static V1ReplicaSet ReplicaSet(V1ReplicaSet replicaSet)
    {
        ArgumentNullException.ThrowIfNull(replicaSet);
        if (replicaSet.Spec is { } spec)
        {
            var digest = DeploymentPods.TemplateDigest(spec.Template);
            replicaSet.Spec = new V1ReplicaSetSpec { Replicas = spec.Replicas, Selector = spec.Selector };
            replicaSet.Metadata.Annotations ??= new Dictionary<string, string>();
            replicaSet.Metadata.Annotations[DeploymentPods.TemplateDigestAnnotation] = digest;
        }

        return replicaSet;
    }

    /// <summary>Nodes keep their name, labels and the runtime handlers they run (the sandbox check); spec,
    /// capacity, images and conditions go.</summary>
    public static V1Node Node(V1Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new V1Node
        {
            ApiVersion = node.ApiVersion,
            Kind = node.Kind,
            Metadata = new V1ObjectMeta
            {
                Name = node.Metadata.Name,
                Uid = node.Metadata.Uid,
                ResourceVersion = node.Metadata.ResourceVersion,
                Labels = node.Metadata.Labels,
            },
            Status = node.Status is { } status ? new V1NodeStatus { RuntimeHandlers = status.RuntimeHandlers } : null,
        };
    }

    /// <summary>StorageClasses keep what the claim growth check reads: whether the class allows expansion and whether
    /// it is the default class (its annotation).</summary>
    public static V1StorageClass StorageClass(V1StorageClass storageClass)
    {
        ArgumentNullException.ThrowIfNull(storageClass);
        return new V1StorageClass
        {
            ApiVersion = storageClass.ApiVersion,
            Kind = storageClass.Kind,
            Metadata = ClusterScopedMetadata(storageClass.Metadata, DefaultStorageClassAnnotation),
            Provisioner = storageClass.Provisioner,
            AllowVolumeExpansion = storageClass.AllowVolumeExpansion,
            VolumeBindingMode = storageClass.VolumeBindingMode,
        };
    }

    /// <summary>IngressClasses keep their name, controller and default-class annotation.</summary>
    public static V1IngressClass IngressClass(V1IngressClass ingressClass)
    {
        ArgumentNullException.ThrowIfNull(ingressClass);
        return new V1IngressClass
        {
            ApiVersion = ingressClass.ApiVersion,
            Kind = ingressClass.Kind,
            Metadata = ClusterScopedMetadata(ingressClass.Metadata, DefaultIngressClassAnnotation),
            Spec = ingressClass.Spec is { } spec ? new V1IngressClassSpec { Controller = spec.Controller } : null,
        };
    }

    /// <summary>Marks the cluster's default StorageClass.</summary>
    public const string DefaultStorageClassAnnotation = "storageclass.kubernetes.io/is-default-class";

    /// <summary>Marks the cluster's default IngressClass.</summary>
    public const string DefaultIngressClassAnnotation = "ingressclass.kubernetes.io/is-default-class";

    private static V1ObjectMeta ClusterScopedMetadata(V1ObjectMeta metadata, string keptAnnotation) => new()
    {
        Name = metadata.Name,
        Uid = metadata.Uid,
        ResourceVersion = metadata.ResourceVersion,
        Annotations = metadata.Annotations?.TryGetValue(keptAnnotation, out var value) == true
            ? new Dictionary<string, string> { [keptAnnotation] = value }
            : null,
    };

    private static List<V1Container>? Trim(IList<V1Container>? containers) =>
        containers?.Select(c => new V1Container
        {
            Name = c.Name,
            Image = c.Image,
            Resources = c.Resources,
            ReadinessProbe = c.ReadinessProbe,
        }).ToList();
}
