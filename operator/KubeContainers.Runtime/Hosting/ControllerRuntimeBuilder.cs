using k8s;
using k8s.Models;
using KubeContainers.Runtime.Controller;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KubeContainers.Runtime.Hosting;

/// <summary>Registers controllers and extra caches with the runtime.</summary>
public sealed class ControllerRuntimeBuilder
{
    private readonly List<ControllerRegistration> controllers;
    private readonly List<Action<Cache.InformerRegistry, IServiceProvider>> caches;

    internal ControllerRuntimeBuilder(IServiceCollection services, List<ControllerRegistration> controllers, List<Action<Cache.InformerRegistry, IServiceProvider>> caches)
    {
        Services = services;
        this.controllers = controllers;
        this.caches = caches;
    }

    public IServiceCollection Services { get; }

    /// <summary>Adds a controller; the reconciler is resolved from a fresh scope for every reconcile.</summary>
    public ControllerRuntimeBuilder AddController<TReconciler>(Action<ControllerBuilder> configure)
        where TReconciler : class, IReconciler
    {
        var builder = new ControllerBuilder(typeof(TReconciler).Name, defaultWorkers: 0);
        configure(builder);
        builder.Validate();
        Services.TryAddScoped<TReconciler>();
        controllers.Add(new ControllerRegistration(builder, typeof(TReconciler)));
        return this;
    }

    /// <summary>Caches a kind (so reconcilers can read it), optionally narrowed by labels and trimmed by a transform
    /// (controller-runtime's TransformFunc). The transform gets every listed or watched object before it is stored
    /// and before event handlers see it; it may change the object in place and return it, and must not throw. Every
    /// cache drops <c>metadata.managedFields</c> before the transform runs. Controllers' For/Owns/Watches of the
    /// kind share this cache; call it before <see cref="AddIndex{T}"/> of the same kind, whose cache it would
    /// otherwise create untrimmed.</summary>
    public ControllerRuntimeBuilder AddCache<T>(string? labelSelector = null, Func<T, T>? transform = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        caches.Add((registry, _) => registry.For(labelSelector, transform));
        return this;
    }

    /// <summary>Caches a kind narrowed by a field selector (what the API server indexes, e.g. an Event's
    /// <c>type</c>) and by a transform made with the services at hand. The transform may return null to leave an
    /// object out of the cache (an object kept earlier is then removed, as if deleted); it runs on the informer's
    /// thread, so it may read other caches, which may not have seen an object yet: what it leaves out comes back
    /// with the object's next change or the next re-list.</summary>
    public ControllerRuntimeBuilder AddCache<T>(string? labelSelector, string? fieldSelector, Func<IServiceProvider, Func<T, T?>> transform)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(transform);
        caches.Add((registry, services) => registry.For(labelSelector, transform(services), fieldSelector));
        return this;
    }

    /// <summary>Indexes a cached kind by computed values (controller-runtime's IndexField), for
    /// <see cref="Cache.ICacheReader{T}.ListByIndex"/>. Call <see cref="AddCache{T}"/> first to narrow the cache.</summary>
    public ControllerRuntimeBuilder AddIndex<T>(string index, Func<T, IEnumerable<string>> values)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(index);
        ArgumentNullException.ThrowIfNull(values);
        caches.Add((registry, _) => registry.For<T>().Store.AddIndex(index, values));
        return this;
    }
}
