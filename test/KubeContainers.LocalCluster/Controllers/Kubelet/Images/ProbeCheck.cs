using System.Globalization;
using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;

namespace KubeContainers.LocalCluster.Controllers.Kubelet.Images;

/// <summary>
/// What one probe of a running container answers, from what its image really serves: null when it succeeds,
/// else the prober's output as the kubelet puts it in the Unhealthy Event (pkg/probe/http, tcp and grpc: the HTTP
/// status, Go's dial error, grpc-go's error). Exec probes follow <see cref="ExecCheck"/>'s rules.
/// </summary>
internal static class ProbeCheck
{
    public static ProbeFailure? Failure(JsonObject probe, JsonObject container, ImageMetadata image, string podIp) =>
        probe.ObjectAt("exec") is { } exec ? ExecCheck.Failure(exec, image) : NetworkFailure(probe, container, image, podIp) is { } output ? new ProbeFailure(output) : null;

    private static string? NetworkFailure(JsonObject probe, JsonObject container, ImageMetadata image, string podIp)
    {
        if (probe.ObjectAt("httpGet") is { } http)
        {
            var path = http.Str("path") is { Length: > 0 } p ? p : "/";
            var scheme = (http.Str("scheme") ?? "HTTP").ToLowerInvariant();
            if (Port(http["port"], container) is not { } number)
            {
                // probe.ResolveContainerPort: a name no port has falls back to Atoi, whose error is what is left.
                return $"strconv.Atoi: parsing \"{http["port"]?.ToString()}\": invalid syntax";
            }

            var url = $"{scheme}://{podIp}:{number}{path}";
            return Listening(container, image, number) switch
            {
                null => $"Get \"{url}\": dial tcp {podIp}:{number}: connect: connection refused",
                { IsHttp: false } => $"Get \"{url}\": EOF",
                { } port when port.Answers(path) => null,
                _ => "HTTP probe failed with statuscode: 404",
            };
        }

        if (probe.ObjectAt("tcpSocket") is { } tcp)
        {
            var number = Port(tcp["port"], container);
            return number is { } n && Listening(container, image, n) is not null
                ? null
                : $"dial tcp {podIp}:{number?.ToString(CultureInfo.InvariantCulture) ?? tcp["port"]?.ToString()}: connect: connection refused";
        }

        if (probe.ObjectAt("grpc") is { } grpc)
        {
            var number = (int)(grpc.Long("port") ?? 0);
            var service = grpc.Str("service") ?? "";
            return Listening(container, image, number) switch
            {
                // pkg/probe/grpc dials with WithBlock: nothing listening, or a server that never completes the HTTP/2
                // handshake (HTTP/1, Redis...), leaves it waiting until the probe's timeout.
                null or { IsGrpc: false } =>
                    $"timeout: failed to connect service \"{podIp}:{number}\" within {probe.Long("timeoutSeconds") ?? 1}s: context deadline exceeded",
                { GrpcHealth.Count: 0 } =>
                    "error: this server does not implement the grpc health protocol (grpc.health.v1.Health): unknown service grpc.health.v1.Health",
                { } port when port.Serves(service) => null,
                _ => "error: health rpc probe failed: rpc error: code = NotFound desc = unknown service",
            };
        }

        return null;
    }

    /// <summary>Where the container's process listens: the image's ports, or (an image that listens where told) each
    /// TCP port the container declares, answering whatever is asked (<see cref="ImagePort.Anything"/>).</summary>
    public static ImagePort? Listening(JsonObject container, ImageMetadata image, int number) =>
        image.Ports is { } ports
            ? ports.FirstOrDefault(p => p.Number == number)
            : container.Objects("ports").Any(p => p.Long("containerPort") == number && (p.Str("protocol") ?? "TCP") == "TCP")
                ? ImagePort.Anything(number)
                : null;

    /// <summary>A probe's port: a number, or the name of one of the container's ports.</summary>
    public static int? Port(JsonNode? port, JsonObject container)
    {
        if (JsonFields.AsLong(port) is { } number)
        {
            return (int)number;
        }

        var name = port?.ToString();
        return container.Objects("ports").FirstOrDefault(p => p.Str("name") == name)?.Long("containerPort") is { } named ? (int)named : null;
    }
}
