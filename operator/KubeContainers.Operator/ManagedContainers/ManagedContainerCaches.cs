using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Runtime.Cache;

namespace KubeContainers.Operator.ManagedContainers;

/// <summary>The informer caches the reconciler reads; one bundle keeps its constructor readable.</summary>
public sealed record ManagedContainerCaches(
    ICacheReader<V1Alpha1ManagedContainer> Containers,
    ICacheReader<V1Deployment> Deployments,
    ICacheReader<V1ReplicaSet> ReplicaSets,
    ICacheReader<V1Pod> Pods,
    ICacheReader<V1Job> Jobs,
    ICacheReader<V1Service> Services,
    ICacheReader<V1Ingress> Ingresses,
    ICacheReader<V1NetworkPolicy> NetworkPolicies,
    ICacheReader<V1PersistentVolumeClaim> Claims,
    ICacheReader<V1RuntimeClass> RuntimeClasses,
    ICacheReader<V1Node> Nodes,
    ICacheReader<Corev1Event> Events,
    ICacheReader<V1StorageClass> StorageClasses,
    ICacheReader<V1IngressClass> IngressClasses);
