using k8s;
using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.Configuration;
using KubeContainers.Operator.ManagedContainers;
using KubeContainers.Runtime.Cache;
using KubeContainers.Runtime.Tests.Fakes;

namespace KubeContainers.Operator.Tests.ManagedContainers.Reconciler.Harness;

/// <summary>
/// The caches the operator registers (see <see cref="ManagedContainerController"/>), over the fake API: children
/// filtered by our managed-by label, ManagedContainers, Nodes and the classes unfiltered, Events as ChildEvents keeps them, the host and sandbox indexes computed
/// the same way. Also the service provider the sync routine resolves <c>ICacheReader&lt;T&gt;</c> from.
/// </summary>
internal sealed class FakeCaches(FakeKubeClient api, OperatorSettings settings) : IServiceProvider
{
    /// <summary>Every object any of these caches handed out.</summary>
    public HandedOut HandedOut { get; } = new();

    public ManagedContainerCaches Bundle => new(
        Reader<V1Alpha1ManagedContainer>(), Reader<V1Deployment>(), Reader<V1ReplicaSet>(), Reader<V1Pod>(), Reader<V1Job>(),
        Reader<V1Service>(), Reader<V1Ingress>(), Reader<V1NetworkPolicy>(), Reader<V1PersistentVolumeClaim>(),
        Reader<V1RuntimeClass>(), Reader<V1Node>(), Reader<Corev1Event>(), Reader<V1StorageClass>(), Reader<V1IngressClass>());

    public ICacheReader<T> Reader<T>()
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        if (typeof(T) == typeof(V1Alpha1ManagedContainer))
        {
            var indexes = new Dictionary<string, Func<V1Alpha1ManagedContainer, IEnumerable<string>>>
            {
                [HostClaims.Index] = mc => HostClaims.Claimed(mc, settings),
                [ManagedContainerController.SandboxIndex] = mc => new[] { mc.Spec.Sandbox ?? settings.DefaultSandbox, mc.Status?.Sandbox }.OfType<string>().Distinct(),
            };
            return (ICacheReader<T>)(object)new FakeCache<V1Alpha1ManagedContainer>(api, _ => true, indexes, HandedOut);
        }

        if (typeof(T) == typeof(Corev1Event))
        {
            // As the operator caches them: only Warnings about our children, trimmed and labelled (ChildEvents).
            return (ICacheReader<T>)(object)new FakeCache<Corev1Event>(
                api, _ => true, new Dictionary<string, Func<Corev1Event, IEnumerable<string>>>(), HandedOut, ChildEvents.Transform(this));
        }

        var filtered = typeof(T) != typeof(V1Node) && typeof(T) != typeof(V1StorageClass) && typeof(T) != typeof(V1IngressClass)
            && typeof(T) != typeof(V1Namespace) && typeof(T) != typeof(V1Alpha1ContainerPlan);
        return new FakeCache<T>(api, o => !filtered || IsManaged(o), new Dictionary<string, Func<T, IEnumerable<string>>>(), HandedOut);
    }

    public object? GetService(Type serviceType)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (!serviceType.IsGenericType || serviceType.GetGenericTypeDefinition() != typeof(ICacheReader<>))
        {
            return null;
        }

        return typeof(FakeCaches).GetMethod(nameof(Reader))!.MakeGenericMethod(serviceType.GetGenericArguments()[0]).Invoke(this, null);
    }

    private static bool IsManaged(IKubernetesObject<V1ObjectMeta> o) =>
        o.Metadata.Labels?.TryGetValue(Labels.ManagedBy, out var by) == true && by == Labels.ManagedByValue;
}
