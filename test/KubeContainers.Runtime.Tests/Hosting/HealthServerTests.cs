using System.Net;
using System.Net.Sockets;
using System.Text;
using k8s.Models;
using KubeContainers.Runtime.Cache;
using KubeContainers.Runtime.Hosting;
using KubeContainers.Runtime.Tests.Fakes;
using KubeContainers.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeContainers.Runtime.Tests.Hosting;

/// <summary>The probe and scrape endpoints over real sockets: the paths, status codes and content types that the
/// chart's probes, Prometheus and the benchmark rely on, on one shared port or two separate ones.</summary>
public sealed class HealthServerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task One_port_serves_health_readiness_and_metrics_with_the_status_codes_probes_expect()
    {
        var registry = new InformerRegistry(new FakeKubeClient(), new InformerOptions(), TimeProvider.System, NullLoggerFactory.Instance);
        registry.For<V1ConfigMap>(); // registered, never started: not synced
        await using var server = new HealthServer(new ControllerRuntimeOptions { HealthPort = 0, MetricsPort = 0 }, registry);
        await server.StartAsync(Ct);
        var address = server.Addresses.ShouldHaveSingleItem();
        using var http = new HttpClient { BaseAddress = address };

        using (var healthz = await http.GetAsync("/healthz", Ct))
        {
            healthz.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await healthz.Content.ReadAsStringAsync(Ct)).ShouldBe("ok");
            healthz.Content.Headers.ContentType!.ToString().ShouldBe("text/plain; charset=utf-8");
        }

        using (var readyz = await http.GetAsync("/readyz", Ct))
        {
            readyz.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            (await readyz.Content.ReadAsStringAsync(Ct)).ShouldBe("caches not synced");
        }

        using (var metrics = await http.GetAsync("/metrics", Ct))
        {
            metrics.StatusCode.ShouldBe(HttpStatusCode.OK);
            metrics.Content.Headers.ContentType!.ToString().ShouldBe("text/plain; version=0.0.4; charset=utf-8");
            (await metrics.Content.ReadAsStringAsync(Ct)).ShouldContain("# TYPE ");
        }

        (await http.GetAsync("/HEALTHZ/", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK, "paths match as ASP.NET Core routing matched them");
        (await http.GetAsync("/healthz?verbose", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await http.GetAsync("/nothing", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var post = await http.PostAsync("/healthz", new StringContent("body"), Ct);
        post.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/healthz"), Ct);
        head.StatusCode.ShouldBe(HttpStatusCode.OK);
        head.Content.Headers.ContentLength.ShouldBe(2);
    }

    [Fact]
    public async Task Readiness_turns_ok_when_every_cache_has_synced()
    {
        var registry = new InformerRegistry(new FakeKubeClient(), new InformerOptions(), TimeProvider.System, NullLoggerFactory.Instance);
        await using var server = new HealthServer(new ControllerRuntimeOptions { HealthPort = 0, MetricsPort = null }, registry);
        await server.StartAsync(Ct);
        using var http = new HttpClient { BaseAddress = server.Addresses[0] };

        (await http.GetStringAsync("/readyz", Ct)).ShouldBe("ok");
        (await http.GetAsync("/metrics", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound, "no metrics port configured");
    }

    [Fact]
    public async Task Two_ports_serve_the_health_paths_and_metrics_apart()
    {
        var registry = new InformerRegistry(new FakeKubeClient(), new InformerOptions(), TimeProvider.System, NullLoggerFactory.Instance);
        var (healthPort, metricsPort) = (FreePorts.Next(), FreePorts.Next());
        await using var server = new HealthServer(new ControllerRuntimeOptions { HealthPort = healthPort, MetricsPort = metricsPort }, registry);
        await server.StartAsync(Ct);
        using var http = new HttpClient();

        (await http.GetStringAsync($"http://127.0.0.1:{healthPort}/healthz", Ct)).ShouldBe("ok");
        (await http.GetAsync($"http://127.0.0.1:{healthPort}/metrics", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await http.GetAsync($"http://127.0.0.1:{metricsPort}/metrics", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await http.GetAsync($"http://127.0.0.1:{metricsPort}/readyz", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await http.GetStringAsync($"http://[::1]:{healthPort}/healthz", Ct)).ShouldBe("ok", "every address, IPv6 too, as Kestrel's ListenAnyIP");
    }

    [Fact]
    public async Task Metrics_answer_in_OpenMetrics_when_the_scraper_ranks_it_first()
    {
        var registry = new InformerRegistry(new FakeKubeClient(), new InformerOptions(), TimeProvider.System, NullLoggerFactory.Instance);
        await using var server = new HealthServer(new ControllerRuntimeOptions { HealthPort = null, MetricsPort = 0 }, registry);
        await server.StartAsync(Ct);
        using var http = new HttpClient { BaseAddress = server.Addresses[0] };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        // What Prometheus 2.x sends.
        request.Headers.TryAddWithoutValidation("Accept", "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");

        using var response = await http.SendAsync(request, Ct);

        response.Content.Headers.ContentType!.ToString().ShouldBe("application/openmetrics-text; version=1.0.0; charset=utf-8");
        (await response.Content.ReadAsStringAsync(Ct)).ShouldEndWith("# EOF\n");
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("*/*", false)]
    [InlineData("text/plain;version=0.0.4;q=1,application/openmetrics-text;q=0.5", false)]
    [InlineData("application/openmetrics-text;version=1.0.0;q=0.9,text/plain;q=0.5", true)]
    [InlineData("not a media type, application/openmetrics-text", true)]
    public void The_format_follows_the_Accept_header_as_prometheus_net_negotiates_it(string accept, bool openMetrics) =>
        HealthServer.PrefersOpenMetrics(accept).ShouldBe(openMetrics);

    [Fact]
    public async Task One_connection_serves_pipelined_requests_and_a_malformed_one_is_answered_400_and_closed()
    {
        await using var server = PlainHttpServer.Start([(0, (request, _) =>
            ValueTask.FromResult(PlainHttpResponse.Text(200, $"{request.Method} {request.Path}")))]);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, server.Ports[0], Ct);

        await socket.SendAsync(Encoding.ASCII.GetBytes(
            "GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b?q=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbodyGET /c HTTP/1.1\r\nHost: x\r\n\r\n"), Ct);
        var replies = await ReadUntilAsync(socket, text => text.Contains("GET /c", StringComparison.Ordinal));
        replies.ShouldContain("HTTP/1.1 200 OK\r\n");
        replies.IndexOf("GET /a", StringComparison.Ordinal).ShouldBeLessThan(replies.IndexOf("POST /b", StringComparison.Ordinal));
        replies.IndexOf("POST /b", StringComparison.Ordinal).ShouldBeLessThan(replies.IndexOf("GET /c", StringComparison.Ordinal));

        await socket.SendAsync("nonsense\r\n\r\n"u8.ToArray(), Ct);
        var bad = await ReadUntilAsync(socket, _ => false);
        bad.ShouldStartWith("HTTP/1.1 400 Bad Request\r\n");
        bad.ShouldContain("Connection: close\r\n");
    }

    [Theory]
    [InlineData("GET /readyz HTTP/1.1\r\nHost: a", "GET", "/readyz", false)]
    [InlineData("GET http://a:8081/readyz?x=1 HTTP/1.1", "GET", "/readyz", false)]
    [InlineData("GET /metrics HTTP/1.0", "GET", "/metrics", true)]
    [InlineData("GET /metrics HTTP/1.0\r\nConnection: keep-alive", "GET", "/metrics", false)]
    [InlineData("GET /metrics HTTP/1.1\r\nconnection: Close", "GET", "/metrics", true)]
    public void Request_heads_parse_as_HTTP_1_1_reads_them(string head, string method, string path, bool close)
    {
        PlainHttpServer.TryParse(head, out var request, out _, out var closes).ShouldBeTrue();
        (request.Method, request.Path, closes).ShouldBe((method, path, close));
    }

    [Theory]
    [InlineData("GET /readyz")]
    [InlineData("GET /readyz HTTP/2")]
    [InlineData("GET /readyz HTTP/1.1\r\nno colon")]
    [InlineData("POST /readyz HTTP/1.1\r\nTransfer-Encoding: chunked")]
    [InlineData("POST /readyz HTTP/1.1\r\nContent-Length: -1")]
    public void Heads_the_server_cannot_serve_are_refused(string head) =>
        PlainHttpServer.TryParse(head, out _, out _, out _).ShouldBeFalse();

    private static async Task<string> ReadUntilAsync(Socket socket, Func<string, bool> done)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        while (!done(text.ToString()))
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
            if (read == 0)
            {
                break;
            }

            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return text.ToString();
    }
}
