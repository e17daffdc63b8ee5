using System.Net;
using KubeContainers.LocalCluster.Admission;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Auth;
using KubeContainers.LocalCluster.Controllers;
using KubeContainers.LocalCluster.Controllers.Cluster;
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
    private readonly List<string> _kubeconfigs = [];
    private WebApplication? _web;

    private LocalCluster(LocalClusterOptions options)
    {
        _options = options;
        Store = new ObjectStore(options.WatchHistory);
        Api = new ResourceService(Store, new ResourceRegistry(), AdmissionPlugins.Create(options), options.Clock);
        Auth = new ClusterAuth(Api, options.Clock);
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

    /// <summary>Authentication and RBAC authorization of the HTTP API (the in-process <see cref="Api"/> is not subject to them).</summary>
    public ClusterAuth Auth { get; }

    /// <summary>The bearer token of <see cref="KubeconfigPath"/>: user kubecontainers-admin, groups system:masters and system:authenticated.</summary>
    public string AdminToken => Auth.AdminToken;

    public static async Task<LocalCluster> StartAsync(LocalClusterOptions? options = null, CancellationToken cancellationToken = default)
    {
        var cluster = new LocalCluster(options ?? new LocalClusterOptions());
        ClusterSeed.Apply(cluster.Api, cluster._options);
        BootstrapPolicy.Apply(cluster.Api);
        await cluster.StartWebAsync(cluster._options.Port, cancellationToken);
        // Aggregated ClusterRoles (admin, edit, view) need their controller even when the simulated workloads are off.
        var aggregation = new ClusterRoleAggregationController(cluster._options.Clock);
        cluster._controllers.Add(Task.Run(() => aggregation.RunAsync(cluster.Api, cluster._stopping.Token), CancellationToken.None));
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

    /// <summary>A client configuration that authenticates with <paramref name="token"/> (a service account's, from <see cref="CreateServiceAccountTokenAsync"/>).</summary>
    public k8s.KubernetesClientConfiguration ClientConfiguration(string token) =>
        new()
        {
            Host = Url.ToString().TrimEnd('/'),
            AccessToken = token,
            Namespace = "default",
            SslCaCerts = [System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(Auth.Certificate.Authority.RawData)],
        };

    /// <summary>
    /// An HttpClient for raw requests to this cluster (BaseAddress <see cref="Url"/>): it trusts the cluster's CA and
    /// sends the admin token. The caller disposes it.
    /// </summary>
    public HttpClient CreateHttpClient() => CreateHttpClient(AdminToken);

    /// <summary>An HttpClient as <see cref="CreateHttpClient()"/> that sends <paramref name="token"/> (null: no credentials).</summary>
    public HttpClient CreateHttpClient(string? token)
    {
        var certificate = Auth.Certificate;
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, presented, _, _) => certificate.Trusts(presented) };
        var http = new HttpClient(handler, disposeHandler: true) { BaseAddress = Url };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    /// <summary>
    /// A token for an existing service account, as <c>kubectl create token</c> gets it (TokenRequest, default one hour):
    /// it authenticates as <c>system:serviceaccount:NS:NAME</c> until it expires or the account is deleted.
    /// Throws the API's 404 when the account does not exist.
    /// </summary>
    public Task<string> CreateServiceAccountTokenAsync(string ns, string name, TimeSpan? expiration = null)
    {
        var spec = new System.Text.Json.Nodes.JsonObject();
        if (expiration is { } wanted)
        {
            spec["expirationSeconds"] = (long)wanted.TotalSeconds;
        }

        var request = Auth.Endpoints.CreateToken(ns, name, new System.Text.Json.Nodes.JsonObject { ["spec"] = spec });
        return Task.FromResult(request["status"].Str("token")!);
    }

    /// <summary>Writes a kubeconfig for this cluster that authenticates with <paramref name="token"/>; deleted when the cluster is disposed.</summary>
    public async Task<string> WriteKubeconfigAsync(string token, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(Path.GetTempPath(), $"kubecontainers-local-{Guid.NewGuid():N}.kubeconfig");
        await File.WriteAllTextAsync(path, Kubeconfig.Render(Url, token, Auth.Certificate.AuthorityPem), cancellationToken);
        lock (_kubeconfigs)
        {
            _kubeconfigs.Add(path);
        }

        return path;
    }

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

        lock (_kubeconfigs)
        {
            _kubeconfigs.ForEach(File.Delete);
        }

        Auth.Dispose();
    }

    private async Task StartWebAsync(int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen =>
        {
            // HTTP/1.1 over TLS, as before over plain TCP (no h2 in ALPN): watches and connection drops behave the same.
            listen.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http1;
            listen.UseHttps(Auth.Certificate.Server);
        }));
        var web = builder.Build();
        var watches = new WatchStreamer(Store, Faults, _options.BookmarkInterval, _options.Clock);
        var handler = new ApiHandler(Api, Auth, Faults, watches, Requests, new PodStreams(Api, Auth, _options), _options.Clock);
        var admin = new AdminHandler(this);
        // pods/exec and pods/attach are WebSocket upgrades (ping replies come from reading the socket).
        web.UseWebSockets();
        web.Run(context => context.Request.Path.StartsWithSegments("/admin", StringComparison.Ordinal)
            ? admin.HandleAsync(context)
            : handler.HandleAsync(context));
        await web.StartAsync(cancellationToken);
        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Url = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
        _web = web;
        await File.WriteAllTextAsync(KubeconfigPath, Kubeconfig.Render(Url, AdminToken, Auth.Certificate.AuthorityPem), cancellationToken);
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
