using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KubeContainers.Deploy.Tests.Support;

/// <summary>
/// A pass-through proxy in front of the local cluster that turns protobuf Secrets into JSON.
/// Why: helm keeps its releases in Secrets and writes them through client-go's typed clientset, which sends
/// <c>application/vnd.kubernetes.protobuf</c>; the local cluster speaks JSON only (its README: "no protobuf") and
/// answers 415, so <c>helm install</c> fails after creating the objects. A real API server takes protobuf. This is
/// a test-only workaround; it goes once the local cluster reads protobuf.
/// </summary>
internal sealed class JsonOnlyProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Transfer-Encoding", "Keep-Alive", "Upgrade", "Content-Length", "Content-Type",
    };

    private readonly WebApplication web;
    private readonly HttpClient client;

    private JsonOnlyProxy(WebApplication web, HttpClient client, Uri url)
    {
        this.web = web;
        this.client = client;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<JsonOnlyProxy> StartAsync(Uri target)
    {
        var client = new HttpClient { BaseAddress = target, Timeout = Timeout.InfiniteTimeSpan };
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var web = builder.Build();
        web.Run(context => ForwardAsync(client, context));
        await web.StartAsync();
        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new JsonOnlyProxy(web, client, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await web.StopAsync(deadline.Token);
        await web.DisposeAsync();
        client.Dispose();
    }

    private static async Task ForwardAsync(HttpClient client, HttpContext context)
    {
        var request = context.Request;
        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), request.Path + request.QueryString);
        foreach (var (name, values) in request.Headers)
        {
            if (!HopByHop.Contains(name))
            {
                forward.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, context.RequestAborted);
            var body = buffer.ToArray();
            var contentType = request.ContentType ?? "application/json";
            if (contentType.StartsWith("application/vnd.kubernetes.protobuf", StringComparison.Ordinal) && ProtobufSecret.IsEnvelope(body))
            {
                System.Text.Json.Nodes.JsonObject? secret;
                try
                {
                    secret = ProtobufSecret.ToJson(body);
                }
                catch (Exception e) when (e is NotSupportedException or FormatException or IndexOutOfRangeException or ArgumentException)
                {
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    await context.Response.WriteAsync($"JsonOnlyProxy cannot read this protobuf body: {e.Message}", context.RequestAborted);
                    return;
                }

                if (secret is not null)
                {
                    body = System.Text.Encoding.UTF8.GetBytes(secret.ToJsonString());
                    contentType = "application/json";
                }
            }

            forward.Content = new ByteArrayContent(body);
            forward.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using var response = await client.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        // Streams (watches) pass through as they come.
        await using var stream = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            await context.Response.Body.WriteAsync(chunk.AsMemory(0, read), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }
}
