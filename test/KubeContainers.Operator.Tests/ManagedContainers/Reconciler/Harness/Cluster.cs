using k8s;
using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.Configuration;
using KubeContainers.Operator.ManagedContainers;
using KubeContainers.Operator.Plans;
using KubeContainers.Runtime.Children;
using KubeContainers.Runtime.Client;
using KubeContainers.Runtime.Controller;
using KubeContainers.Runtime.Status;
using KubeContainers.Runtime.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KubeContainers.Operator.Tests.ManagedContainers.Reconciler.Harness;

/// <summary>
/// One test's world: the fake API server, caches over it, a fake clock and the real reconciler wired to the real
/// sync routine and status writer, as the operator wires them. What users and other controllers do is done through
/// the same fake API (<see cref="EditAsync{T}"/>, <see cref="Controllers"/>).
/// </summary>
internal sealed class Cluster
{
    public static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public const string BaseDomain = "apps.example.com";

    /// <param name="configure">Changes to the operator's settings (the base domain is the harness's).</param>
    public Cluster(Func<OperatorSettings, OperatorSettings>? configure = null)
    {
        PlanController.RegisterKind();
        var settings = new OperatorSettings { BaseDomain = BaseDomain };
        Settings = configure is null ? settings : configure(settings);
        var caches = new FakeCaches(Api, Settings);
        Caches = caches.Bundle;
        HandedOut = caches.HandedOut;
        Reconciler = new ManagedContainerReconciler(
            Caches,
            new ChildSynchronizer(Api, caches, Labels.DesiredHashAnnotation, NullLogger<ChildSynchronizer>.Instance),
            new StatusWriter(Api, Time, NullLogger<StatusWriter>.Instance),
            Events,
            Api,
            Settings,
            new PlanResolver(caches.Reader<V1Namespace>(), caches.Reader<V1Alpha1ContainerPlan>(), Settings),
            new ManagedContainerMetrics(Time, Prometheus.Metrics.NewCustomRegistry()),
            FixedPoints,
            Time,
            NullLogger<ManagedContainerReconciler>.Instance);
        Controllers = new Controllers(this);
        // The IngressClass the operator's Ingresses name, as the cluster's ingress controller installs it.
        Api.Seed(new V1IngressClass
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "IngressClass",
            Metadata = new V1ObjectMeta { Name = "nginx" },
            Spec = new V1IngressClassSpec { Controller = "k8s.io/ingress-nginx" },
        });
        // The default StorageClass; it lets bound claims grow (VolumeRows has one that does not).
        Api.Seed(new V1StorageClass
        {
            ApiVersion = "storage.k8s.io/v1",
            Kind = "StorageClass",
            Metadata = new V1ObjectMeta
            {
                Name = "standard",
                Annotations = new Dictionary<string, string> { [CacheTransforms.DefaultStorageClassAnnotation] = "true" },
            },
            Provisioner = "rancher.io/local-path",
            AllowVolumeExpansion = true,
        });
    }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public FakeKubeClient Api { get; } = new();

    public FakeTimeProvider Time { get; } = new(Start);

    public OperatorSettings Settings { get; }

    public RecordingEvents Events { get; } = new();

    /// <summary>The reconciler's fixed points: which keys a reconcile may skip (FixedPointRows).</summary>
    public FixedPoints FixedPoints { get; } = new();

    public ManagedContainerCaches Caches { get; }

    /// <summary>What the caches handed out; <see cref="ReconcileAsync"/> checks that none of it was changed.</summary>
    public HandedOut HandedOut { get; }

    public Controllers Controllers { get; }

    private ManagedContainerReconciler Reconciler { get; }

    /// <summary>Stores an object as if a user had applied it.</summary>
    public T Add<T>(T obj)
        where T : class, IKubernetesObject<V1ObjectMeta> => Api.Seed(obj);

    /// <summary>One reconcile; then no object read from a cache may have changed (the real caches share them).</summary>
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey? key = null)
    {
        HandedOut.Clear();
        try
        {
            return await Reconciler.ReconcileAsync(key ?? Objects.Web, Ct);
        }
        finally
        {
            HandedOut.Changed().ShouldBeEmpty("the reconcile changed objects it read from the caches");
        }
    }

    public T Get<T>(string name, string? @namespace = Objects.Namespace)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        Api.Peek<T>(name, @namespace) ?? throw new InvalidOperationException($"no {typeof(T).Name} {@namespace}/{name}");

    public T? Find<T>(string name, string? @namespace = Objects.Namespace)
        where T : class, IKubernetesObject<V1ObjectMeta> => Api.Peek<T>(name, @namespace);

    public V1Alpha1ManagedContainer Container(ObjectKey? key = null) =>
        Get<V1Alpha1ManagedContainer>((key ?? Objects.Web).Name, (key ?? Objects.Web).Namespace);

    /// <summary>A user's edit (kubectl edit): an update of the whole object, so a spec change moves the generation.</summary>
    public async Task EditAsync<T>(string name, Action<T> change, string? @namespace = Objects.Namespace)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var obj = Get<T>(name, @namespace);
        change(obj);
        await Api.UpdateAsync(obj, Ct);
    }

    /// <summary>What a controller or kubelet writes: the status subresource of a child.</summary>
    public async Task EditStatusAsync<T>(string name, Action<T> change, string? @namespace = Objects.Namespace)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var obj = Get<T>(name, @namespace);
        change(obj);
        await Api.UpdateStatusAsync(obj, Ct);
    }

    public Task EditSpecAsync(Action<ManagedContainerSpec> change, ObjectKey? key = null) =>
        EditAsync<V1Alpha1ManagedContainer>((key ?? Objects.Web).Name, mc => change(mc.Spec), (key ?? Objects.Web).Namespace);

    public async Task DeleteAsync<T>(string name, string? @namespace = Objects.Namespace)
        where T : class, IKubernetesObject<V1ObjectMeta> => await Api.DeleteAsync<T>(name, @namespace, Ct);

    /// <summary>Deletes a ManagedContainer and, as the garbage collector would, every child whose owner it was.</summary>
    public async Task DeleteContainerAsync(ObjectKey key)
    {
        var uid = Container(key).Metadata.Uid;
        await Api.DeleteAsync<V1Alpha1ManagedContainer>(key.Name, key.Namespace, Ct);
        await CollectAsync<V1Deployment>(uid);
        await CollectAsync<V1Job>(uid);
        await CollectAsync<V1Service>(uid);
        await CollectAsync<V1Ingress>(uid);
        await CollectAsync<V1NetworkPolicy>(uid);
        await CollectAsync<V1PersistentVolumeClaim>(uid);
        await CollectAsync<V1ConfigMap>(uid);
    }

    private async Task CollectAsync<T>(string ownerUid)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        foreach (var o in (await Api.ListAsync<T>(new ListOptions(), Ct)).Items)
        {
            if (o.Metadata.OwnerReferences?.Any(r => r.Uid == ownerUid) == true)
            {
                await Api.DeleteAsync<T>(o.Metadata.Name, o.Metadata.NamespaceProperty, Ct);
            }
        }
    }

    /// <summary>Answers the next <paramref name="verb"/> of the key (any kind) with a 409 Conflict, once.</summary>
    public void ConflictOnce(string verb, ObjectKey key)
    {
        var fired = false;
        Api.React((v, k) =>
        {
            if (v != verb || k != key || fired)
            {
                return null;
            }

            fired = true;
            return new KubeApiException(System.Net.HttpStatusCode.Conflict, "Conflict", $"the object {k} has been modified");
        });
    }

    /// <summary>Answers every <paramref name="verb"/> ("create", "update", "delete") of a <typeparamref name="T"/> as an
    /// admission webhook, a quota or RBAC would: <paramref name="code"/> with the apiserver's message.</summary>
    public void Refuse<T>(string verb, string message, System.Net.HttpStatusCode code = System.Net.HttpStatusCode.Forbidden)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        Api.React((v, kind, _) => v == verb && kind == typeof(T) ? new KubeApiException(code, "Forbidden", message) : null);

    /// <summary>Forgets what setting the scene wrote and recorded, so a row sees only its own reconcile.</summary>
    public void Forget()
    {
        Api.Writes.Clear();
        Events.Recorded.Clear();
    }
}
