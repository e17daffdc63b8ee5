using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.Configuration;
using KubeContainers.Operator.Plans;
using KubeContainers.Runtime.Cache;
using KubeContainers.Runtime.Client;
using KubeContainers.Runtime.Controller;
using KubeContainers.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace KubeContainers.Operator.ManagedContainers;

/// <summary>
/// Wiring only: what the ManagedContainer controller watches and caches. Child caches hold only objects with our
/// managed-by label, so the operator's memory grows with its own objects, not with the cluster.
/// </summary>
public static class ManagedContainerController
{
    /// <summary>The cache index of ManagedContainers by sandbox profile, to find who a RuntimeClass change affects.</summary>
    public const string SandboxIndex = "sandbox";

    private const string ManagedSelector = Labels.ManagedBy + "=" + Labels.ManagedByValue;

    public static ControllerRuntimeBuilder AddManagedContainers(this ControllerRuntimeBuilder runtime, OperatorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(settings);
        runtime.Services.AddSingleton(settings);
        runtime.Services.AddSingleton(sp => new ManagedContainerCaches(
            Reader<V1Alpha1ManagedContainer>(sp), Reader<V1Deployment>(sp), Reader<V1ReplicaSet>(sp), Reader<V1Pod>(sp),
            Reader<V1Job>(sp), Reader<V1Service>(sp), Reader<V1Ingress>(sp), Reader<V1NetworkPolicy>(sp),
            Reader<V1PersistentVolumeClaim>(sp), Reader<V1RuntimeClass>(sp), Reader<V1Node>(sp),
            Reader<Corev1Event>(sp), Reader<V1StorageClass>(sp), Reader<V1IngressClass>(sp)));

        runtime
            .AddCache<V1Deployment>(ManagedSelector)
            .AddCache<V1ReplicaSet>(ManagedSelector, CacheTransforms.ReplicaSet)
            .AddCache<V1Pod>(ManagedSelector, CacheTransforms.Pod)
            .AddCache<V1Job>(ManagedSelector)
            .AddCache<V1Service>(ManagedSelector)
            .AddCache<V1Ingress>(ManagedSelector)
            .AddCache<V1NetworkPolicy>(ManagedSelector)
            .AddCache<V1ConfigMap>(ManagedSelector)
            .AddCache<V1PersistentVolumeClaim>(ManagedSelector)
            .AddCache<V1RuntimeClass>(ManagedSelector)
            .AddCache<V1Node>(transform: CacheTransforms.Node)
            .AddCache<Corev1Event>(labelSelector: null, ChildEvents.FieldSelector, ChildEvents.Transform)
            .AddCache<V1StorageClass>(transform: CacheTransforms.StorageClass)
            .AddCache<V1IngressClass>(transform: CacheTransforms.IngressClass)
            .AddCache<V1Alpha1ManagedContainer>(transform: CacheTransforms.ManagedContainer)
            .AddIndex<V1Alpha1ManagedContainer>(HostClaims.Index, mc => HostClaims.Claimed(mc, settings))
            // The profile asked for and the one in force (a plan's default sandbox shows only in status).
            .AddIndex<V1Alpha1ManagedContainer>(SandboxIndex, mc => new[] { mc.Spec.Sandbox ?? settings.DefaultSandbox, mc.Status?.Sandbox }.OfType<string>().Distinct());

        runtime.AddPlans(settings);
        var metrics = new ManagedContainerMetrics(TimeProvider.System, Metrics.DefaultRegistry);
        runtime.Services.AddSingleton(metrics);
        runtime.Services.AddSingleton(new FixedPoints());
        return runtime.AddController<ManagedContainerReconciler>(c => c
            .WithName("managedcontainer")
            .WithWorkers(settings.Workers)
            // A rollout's burst of child events becomes one reconcile; the user's own edits are not delayed.
            .WithChildDelay(settings.ChildEventDelay)
            .WithChildMaxDelay(settings.ChildEventMaxDelay)
            .WithChildInterval(settings.ChildEventInterval)
            // The reconciler reads children only in its container's namespace (by name, or by the container label
            // filtered to the namespace): after a restart, a container is reconciled once its namespace has been
            // listed, not after all ~60,000 children of 10,000 containers. Containers (host claims, sandboxes, plans),
            // namespaces, plans and the cluster-scoped kinds are read across namespaces and list whole first.
            .ReadsInKeyNamespaceOnly<V1Deployment>()
            .ReadsInKeyNamespaceOnly<V1ReplicaSet>()
            .ReadsInKeyNamespaceOnly<V1Pod>()
            .ReadsInKeyNamespaceOnly<V1Job>()
            .ReadsInKeyNamespaceOnly<V1Service>()
            .ReadsInKeyNamespaceOnly<V1Ingress>()
            .ReadsInKeyNamespaceOnly<V1NetworkPolicy>()
            .ReadsInKeyNamespaceOnly<V1ConfigMap>()
            .ReadsInKeyNamespaceOnly<V1PersistentVolumeClaim>()
            // Warning Events list with the containers: the server scans every Event to fill a page with the few
            // Warnings, so that list comes as one page at its end, and no key could go before it. Alongside the
            // containers' list that scan took 4.5 s of a 13 s restart at 10,000 containers (docs/benchmarks.md).
            // Its transform keeps only Events about cached pods, ReplicaSets, Jobs and claims, which mostly were
            // not listed yet either way; what it leaves out comes back with the Warning's next repetition.
            .ReadsInKeyNamespaceOnly<Corev1Event>(listFirst: true)
            // Our own status writes do not move the generation, so they do not wake us.
            // Every event of a container feeds the domain metrics first; that watch wakes nothing.
            .Watches<V1Alpha1ManagedContainer>((_, _) => [], metrics.Record)
            .For<V1Alpha1ManagedContainer>(Predicates.Any(
                Predicates.GenerationChanged<V1Alpha1ManagedContainer>(),
                Predicates.LabelsChanged<V1Alpha1ManagedContainer>()))
            // Children wake us only for what the status shows or a hand edit to undo (ChildPredicates).
            .Owns<V1Deployment>(ChildPredicates.Deployment)
            .Owns<V1Job>(ChildPredicates.Job)
            .Owns<V1Service>(ChildPredicates.Service)
            .Owns<V1Ingress>(ChildPredicates.Ingress)
            .Owns<V1NetworkPolicy>(ChildPredicates.NetworkPolicy)
            .Owns<V1ConfigMap>(ChildPredicates.ConfigMap)
            // Claims and pods map by label: retained claims have no owner, pods are owned by ReplicaSets. ReplicaSets
            // are cached (they tell which pods are the current version) but not watched: what the status reads of
            // them, a refused pod creation (ReplicaFailure), the deployment controller copies to the Deployment, and
            // their replica counts move with the pods' and the Deployment's.
            .Watches<V1PersistentVolumeClaim>(ByContainerLabel, ChildPredicates.Claim)
            .Watches<V1Pod>(ByContainerLabel, ChildPredicates.Pod)
            .Watches<V1RuntimeClass>((rc, sp) => UsersOf(rc, sp))
            // The Warnings of our pods, ReplicaSets, Jobs and claims (ChildEvents): a sandbox, a mount or a pod
            // creation that fails shows within seconds, not at the progress deadline.
            .Watches<Corev1Event>(ByContainerLabel, ChildEvents.Changed)
            // The IngressClass appearing (or going) changes IngressReady of every public container.
            .Watches<V1IngressClass>((ic, sp) => ic.Metadata.Name == settings.IngressClass ? AllContainers(sp) : [])
            // A ManagedContainer that changes or drops its host frees it for the next claimant.
            .Watches<V1Alpha1ManagedContainer>((mc, sp) => OtherClaimants(mc, sp, settings), Predicates.GenerationChanged<V1Alpha1ManagedContainer>())
            .WakeOnPlanChanges(settings));
    }

    private static ICacheReader<T> Reader<T>(IServiceProvider sp)
        where T : class, k8s.IKubernetesObject<V1ObjectMeta> => sp.GetRequiredService<ICacheReader<T>>();

    private static IEnumerable<ObjectKey> ByContainerLabel<T>(T child)
        where T : class, k8s.IKubernetesObject<V1ObjectMeta> =>
        child.Metadata.Labels?.TryGetValue(Labels.Container, out var name) == true
            ? [new ObjectKey(child.Metadata.NamespaceProperty, name)]
            : [];

    private static IEnumerable<ObjectKey> UsersOf(V1RuntimeClass runtimeClass, IServiceProvider sp)
    {
        var profile = runtimeClass.Metadata.Name.StartsWith(Names.RuntimeClass(""), StringComparison.Ordinal)
            ? runtimeClass.Metadata.Name[Names.RuntimeClass("").Length..]
            : null;
        return profile is null ? [] : Reader<V1Alpha1ManagedContainer>(sp).ListByIndex(SandboxIndex, profile).Select(ObjectKey.From);
    }

    private static IEnumerable<ObjectKey> AllContainers(IServiceProvider sp) =>
        Reader<V1Alpha1ManagedContainer>(sp).List().Select(ObjectKey.From);

    private static IEnumerable<ObjectKey> OtherClaimants(V1Alpha1ManagedContainer container, IServiceProvider sp, OperatorSettings settings)
    {
        var cache = Reader<V1Alpha1ManagedContainer>(sp);
        return HostClaims.Claimed(container, settings)
            .SelectMany(host => cache.ListByIndex(HostClaims.Index, host))
            .Where(other => other.Metadata.Uid != container.Metadata.Uid)
            .Select(ObjectKey.From);
    }
}
