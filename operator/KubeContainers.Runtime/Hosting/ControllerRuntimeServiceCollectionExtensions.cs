using k8s;
using KubeContainers.Runtime.Cache;
using KubeContainers.Runtime.Children;
using KubeContainers.Runtime.Client;
using KubeContainers.Runtime.Controller;
using KubeContainers.Runtime.Events;
using KubeContainers.Runtime.LeaderElection;
using KubeContainers.Runtime.Queue;
using KubeContainers.Runtime.Status;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KubeContainers.Runtime.Hosting;

public static class ControllerRuntimeServiceCollectionExtensions
{
    /// <summary>Adds the client, caches, controllers, leader election and the health/metrics server to the host.
    /// Exposes <see cref="IKubeClient"/>, <see cref="ICacheReader{T}"/>, <see cref="IStatusWriter"/> and
    /// <see cref="IChildSynchronizer"/> to reconcilers.</summary>
    public static ControllerRuntimeBuilder AddControllerRuntime(this IServiceCollection services, Action<ControllerRuntimeOptions>? configure = null)
    {
        var options = new ControllerRuntimeOptions();
        configure?.Invoke(options);
        var controllers = new List<ControllerRegistration>();
        var caches = new List<Action<InformerRegistry, IServiceProvider>>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton<IKubernetes>(sp => new Kubernetes(
            options.ClientConfiguration ?? KubernetesClientConfiguration.BuildDefaultConfig(),
            new RateLimitingHandler(new TokenBucket(options.Qps, options.Burst, sp.GetRequiredService<TimeProvider>()), sp.GetRequiredService<TimeProvider>())));
        services.TryAddSingleton<IKubeClient>(sp => new KubernetesKubeClient(sp.GetRequiredService<IKubernetes>()));
        services.AddSingleton(sp =>
        {
            var registry = new InformerRegistry(
                sp.GetRequiredService<IKubeClient>(),
                new InformerOptions { Namespaces = [.. options.Namespaces], WatchIdleTimeout = options.WatchIdleTimeout },
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>());
            foreach (var cache in caches)
            {
                cache(registry, sp);
            }

            return registry;
        });
        services.AddSingleton(typeof(ICacheReader<>), typeof(CacheReader<>));
        services.AddSingleton<IStatusWriter, StatusWriter>();
        // Buffered: workers never wait for an Event write. Disposed with the host, which flushes the queue.
        services.TryAddSingleton<IEventRecorder>(sp => new BufferedEventRecorder(
            new EventRecorder(
                sp.GetRequiredService<IKubeClient>(),
                new EventRecorderOptions
                {
                    ReportingComponent = options.ReportingComponent,
                    ReportingInstance = Truncate(options.ReportingInstance ?? Environment.MachineName, 128),
                },
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<EventRecorder>>()),
            new BufferedEventRecorderOptions(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<BufferedEventRecorder>>()));
        services.AddSingleton<IChildSynchronizer>(sp => new ChildSynchronizer(
            sp.GetRequiredService<IKubeClient>(), sp, options.ChildHashAnnotation, sp.GetRequiredService<ILogger<ChildSynchronizer>>()));
        services.AddSingleton<IReadOnlyList<RuntimeController>>(sp => [.. controllers.Select(c => Build(sp, c, options))]);
        if (options.LeaderElection.Enabled)
        {
            services.AddSingleton(sp => CreateElector(sp, options.LeaderElection));
        }

        services.AddSingleton<HealthServer>();
        // The caches first: the host starts its services one after the other, and Kestrel's start (a web host built
        // and JIT-compiled) took a share of the operator's start before any list was asked for. A BackgroundService
        // returns from its start at once, so the health server starts while the first lists are read; the first
        // reconcile comes seconds later, when /metrics long answers. They stop in the reverse order.
        services.AddHostedService(sp => new ControllerRuntimeService(
            sp.GetRequiredService<InformerRegistry>(),
            sp.GetRequiredService<IReadOnlyList<RuntimeController>>(),
            sp.GetService<LeaseElector>(),
            sp.GetRequiredService<IHostApplicationLifetime>(),
            sp.GetRequiredService<ILogger<ControllerRuntimeService>>()));
        services.AddHostedService(sp => sp.GetRequiredService<HealthServer>());
        return new ControllerRuntimeBuilder(services, controllers, caches);
    }

    private static RuntimeController Build(IServiceProvider sp, ControllerRegistration registration, ControllerRuntimeOptions options)
    {
        var time = sp.GetRequiredService<TimeProvider>();
        var registry = sp.GetRequiredService<InformerRegistry>();
        var scopes = sp.GetRequiredService<IServiceScopeFactory>();
        var builder = registration.Builder;
        var queue = new WorkQueue<ObjectKey>(builder.Name, time, coalesceInterval: builder.ChildInterval, coalesceMax: builder.ChildMaxDelay);
        foreach (var wire in builder.Wirings)
        {
            wire(registry, queue, sp);
        }

        return new RuntimeController(
            builder.Name,
            builder.Workers > 0 ? builder.Workers : options.Workers,
            queue,
            async (key, ct) =>
            {
                await using var scope = scopes.CreateAsyncScope();
                var reconciler = (IReconciler)scope.ServiceProvider.GetRequiredService(registration.ReconcilerType);
                return await reconciler.ReconcileAsync(key, ct).ConfigureAwait(false);
            },
            time,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger($"KubeContainers.Runtime.Controller.{builder.Name}"),
            new SyncGate(() => registry.All, builder.ReadsInKeyNamespace, builder.ListsLater));
    }

    private static string Truncate(string value, int length) => value.Length > length ? value[..length] : value;

    private static LeaseElector CreateElector(IServiceProvider sp, LeaderElectionOptions options) => new(
        sp.GetRequiredService<IKubeClient>(),
        options,
        options.LeaseNamespace ?? Environment.GetEnvironmentVariable("POD_NAMESPACE") ?? "default",
        options.Identity ?? $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}",
        sp.GetRequiredService<TimeProvider>(),
        sp.GetRequiredService<ILogger<LeaseElector>>());
}
