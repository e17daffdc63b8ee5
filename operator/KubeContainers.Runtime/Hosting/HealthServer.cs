using System.Net.Http.Headers;
using KubeContainers.Runtime.Cache;
using Microsoft.Extensions.Hosting;
using Prometheus;

namespace KubeContainers.Runtime.Hosting;

/// <summary>/healthz, /readyz (once every cache has synced, on leaders and followers alike) and /metrics on a small
/// HTTP server of its own (<see cref="PlainHttpServer"/>), so the runtime fits any Generic Host, web or not, and loads
/// no web framework. With two different ports the health paths answer on the health port only and /metrics on the
/// metrics port only; with one port (or a port 0 for either) every path answers on every port.</summary>
internal sealed class HealthServer(ControllerRuntimeOptions options, InformerRegistry registry) : IHostedService, IAsyncDisposable
{
    private const string PrometheusText = "text/plain; version=0.0.4; charset=utf-8";
    private const string OpenMetricsText = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private PlainHttpServer? server;

    /// <summary>The addresses bound (http://localhost:PORT), useful when a port is 0.</summary>
    public IReadOnlyList<Uri> Addresses { get; private set; } = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        int[] ports = [.. new[] { options.HealthPort, options.MetricsPort }.OfType<int>().Distinct()];
        if (ports.Length == 0)
        {
            return Task.CompletedTask;
        }

        var separate = ports.Length == 2 && ports.All(p => p != 0);
        server = PlainHttpServer.Start([.. ports.Select(port => (port, Handler(
            health: options.HealthPort is not null && (!separate || port == options.HealthPort),
            metrics: options.MetricsPort is not null && (!separate || port == options.MetricsPort))))]);
        Addresses = [.. server.Ports.Select(p => new Uri($"http://localhost:{p}"))];
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (server is not null)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => server?.DisposeAsync() ?? ValueTask.CompletedTask;

    private Func<PlainHttpRequest, CancellationToken, ValueTask<PlainHttpResponse>> Handler(bool health, bool metrics) =>
        async (request, ct) =>
        {
            // Paths match as ASP.NET Core's routing matched them: ignoring case and a trailing slash.
            var path = request.Path.Length > 1 ? request.Path.TrimEnd('/') : request.Path;
            var known = (health && (Is(path, "/healthz") || Is(path, "/readyz"))) || (metrics && Is(path, "/metrics"));
            if (!known)
            {
                return PlainHttpResponse.Empty(404);
            }

            if (request.Method is not ("GET" or "HEAD"))
            {
                return PlainHttpResponse.Empty(405);
            }

            if (Is(path, "/healthz"))
            {
                return PlainHttpResponse.Text(200, "ok");
            }

            if (Is(path, "/readyz"))
            {
                return registry.HasSynced ? PlainHttpResponse.Text(200, "ok") : PlainHttpResponse.Text(503, "caches not synced");
            }

            return await MetricsAsync(request.Accept, ct).ConfigureAwait(false);
        };

    /// <summary>The default registry in the format the scraper prefers: OpenMetrics when its Accept header ranks it
    /// above the text format (as prometheus-net's own endpoint negotiates), the text format otherwise.</summary>
    private static async Task<PlainHttpResponse> MetricsAsync(string accept, CancellationToken ct)
    {
        var openMetrics = PrefersOpenMetrics(accept);
        using var body = new MemoryStream();
        try
        {
            await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(
                body, openMetrics ? ExpositionFormat.OpenMetricsText : ExpositionFormat.PrometheusText, ct).ConfigureAwait(false);
        }
        catch (ScrapeFailedException e)
        {
            return PlainHttpResponse.Text(503, e.Message);
        }

        return new PlainHttpResponse(200, openMetrics ? OpenMetricsText : PrometheusText, body.GetBuffer().AsMemory(0, (int)body.Length));
    }

    internal static bool PrefersOpenMetrics(string accept)
    {
        var ranked = accept.Split(',')
            .Select(c => MediaTypeWithQualityHeaderValue.TryParse(c, out var type) ? type : null)
            .OfType<MediaTypeWithQualityHeaderValue>()
            .OrderByDescending(t => t.Quality ?? 1);
        foreach (var type in ranked)
        {
            if (type.MediaType == "text/plain")
            {
                return false;
            }

            if (type.MediaType == "application/openmetrics-text")
            {
                return true;
            }
        }

        return false;
    }

    private static bool Is(string path, string expected) => path.Equals(expected, StringComparison.OrdinalIgnoreCase);
}
