using KubeContainers.Runtime.Cache;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace KubeContainers.Runtime.Hosting;

/// <summary>/healthz, /readyz (once every cache has synced, on leaders and followers alike) and /metrics on a small
/// Kestrel server of its own, so the runtime fits any Generic Host, web or not.</summary>
internal sealed class HealthServer(ControllerRuntimeOptions options, InformerRegistry registry) : IHostedService, IAsyncDisposable
{
    private WebApplication? app;

    /// <summary>The addresses Kestrel bound, useful when a port is 0.</summary>
    public IReadOnlyList<Uri> Addresses { get; private set; } = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        int[] ports = [.. new[] { options.HealthPort, options.MetricsPort }.OfType<int>().Distinct()];
        if (ports.Length == 0)
        {
            return;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k =>
        {
            foreach (var port in ports)
            {
                k.ListenAnyIP(port);
            }
        });
        app = builder.Build();
        var separate = ports.Length == 2 && ports.All(p => p != 0);
        var health = app.MapGroup("");
        var metrics = app.MapGroup("");
        if (separate)
        {
            health.RequireHost($"*:{options.HealthPort}");
            metrics.RequireHost($"*:{options.MetricsPort}");
        }

        if (options.HealthPort is not null)
        {
            health.MapGet("/healthz", () => Results.Text("ok"));
            health.MapGet("/readyz", () => registry.HasSynced ? Results.Text("ok") : Results.Text("caches not synced", statusCode: 503));
        }

        if (options.MetricsPort is not null)
        {
            metrics.MapMetrics("/metrics");
        }

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        Addresses = [.. (app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
            .Get<IServerAddressesFeature>()?.Addresses ?? []).Select(a => new Uri(a.Replace("[::]", "localhost", StringComparison.Ordinal)))];
    }

    public Task StopAsync(CancellationToken cancellationToken) => app?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
