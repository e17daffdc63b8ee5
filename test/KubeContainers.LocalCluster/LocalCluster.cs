using System.Net;
using KubeContainers.LocalCluster.Admission;
using KubeContainers.LocalCluster.Controllers;
using KubeContainers.LocalCluster.Faults;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KubeContainers.LocalCluster;

/// <summary>
/// A Kubernetes API server on 127.0.0.1 with simulated nodes and controllers, for tests, benchmarks and the demo.
/// <c>await using var cluster = await LocalCluster.StartAsync();</c> then point kubectl at
/// <see cref="KubeconfigPath"/> or KubernetesClient at <see cref="ClientConfiguration"/>.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private readonly LocalClusterOptions _options;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _controllers = [];
    private WebApplication? _web;

    private LocalCluster(LocalClusterOptions options)
    {
        _options = options;
        Store = new ObjectStore(options.WatchHistory);
        Api = new ResourceService(Store, new ResourceRegistry(), AdmissionPlugins.Create(options), options.Clock);
        KubeconfigPath = options.KubeconfigPath ?? Path.Combine(Path.GetTempPath(), $"kubecontainers-local-{Guid.NewGuid():N}.kubeconfig");
    }

    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    public string KubeconfigPath { get; }

    public FaultInjector Faults { get; } = new();

    /// <summary>API requests served over HTTP, by client, verb and resource (also at <c>/admin/stats</c>).</summary>
    public RequestStats Requests { get; } = new();

    /// <summary>The API in-process: what the HTTP handlers call, for tests that set up state quickly.</summary>
    public ResourceService Api { get; }

    public ObjectStore Store { get; }

    public static async Task<LocalCluster> StartAsync(LocalClusterOptions? options = null, CancellationToken cancellationToken = default)
    {
        var cluster = new LocalCluster(options ?? new LocalClusterOptions());
        ClusterSeed.Apply(cluster.Api, cluster._options);
        await cluster.StartWebAsync(cluster._options.Port, cancellationToken);
        if (cluster._options.EnableControllers)
        {
            foreach (var controller in ClusterControllers.Create(cluster._options))
            {
                cluster._controllers.Add(Task.Run(() => controller.RunAsync(cluster.Api, cluster._stopping.Token), CancellationToken.None));
            }
        }

        return cluster;
    }

    /// <summary>A fresh client configuration for this cluster (KubernetesClient).</summary>
    public k8s.KubernetesClientConfiguration ClientConfiguration() =>
        k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath);

    /// <summary>Stops serving and serves again on the same port: every watch and connection drops, the data stays.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        Faults.CloseAllWatches();
        await StopWebAsync();
        await StartWebAsync(Url.Port, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        Faults.CloseAllWatches();
        await StopWebAsync();
        await Task.WhenAll(_controllers.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        _stopping.Dispose();
        if (_options.KubeconfigPath is null)
        {
            File.Delete(KubeconfigPath);
        }
    }

    private async Task StartWebAsync(int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var web = builder.Build();
        var watches = new WatchStreamer(Store, Faults, _options.BookmarkInterval, _options.Clock);
        var handler = new ApiHandler(Api, Faults, watches, Requests, _options.Clock);
        var admin = new AdminHandler(this);
        web.Run(context => context.Request.Path.StartsWithSegments("/admin", StringComparison.Ordinal)
            ? admin.HandleAsync(context)
            : handler.HandleAsync(context));
        await web.StartAsync(cancellationToken);
        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Url = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
        _web = web;
        await File.WriteAllTextAsync(KubeconfigPath, Kubeconfig.Render(Url), cancellationToken);
    }

    private async Task StopWebAsync()
    {
        if (_web is { } web)
        {
            _web = null;
            await web.StopAsync(TimeSpan.FromSeconds(5));
            await web.DisposeAsync();
        }
    }
}
