using System.Globalization;
using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;

namespace KubeContainers.LocalCluster.Controllers.Images;

/// <summary>
/// What one probe of a running container answers, from what its image really serves: null when it succeeds,
/// else the prober's output as the kubelet puts it in the Unhealthy Event (pkg/probe/http, tcp and grpc: the HTTP
/// status, or Go's dial error). Exec probes always succeed: no command runs here.
/// </summary>
internal static class ProbeCheck
{
    public static string? Failure(JsonObject probe, JsonObject container, ImageMetadata image, string podIp)
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
            return Listening(container, image, number) is not null
                ? null
                : $"timeout: failed to connect service \"{podIp}:{number}\" within {probe.Long("timeoutSeconds") ?? 1}s: context deadline exceeded";
        }

        return null;
    }

    /// <summary>Where the container's process listens: the image's ports, or (an image that listens where told) each port the container declares, HTTP on every path.</summary>
    public static ImagePort? Listening(JsonObject container, ImageMetadata image, int number) =>
        image.Ports is { } ports
            ? ports.FirstOrDefault(p => p.Number == number)
            : container.Objects("ports").Any(p => p.Long("containerPort") == number && (p.Str("protocol") ?? "TCP") == "TCP")
                ? ImagePort.Http(number, ImagePort.AnyPath)
                : null;

    /// <summary>A probe's port: a number, or the name of one of the container's ports.</summary>
    private static int? Port(JsonNode? port, JsonObject container)
    {
        if (JsonFields.AsLong(port) is { } number)
        {
            return (int)number;
        }

        var name = port?.ToString();
        return container.Objects("ports").FirstOrDefault(p => p.Str("name") == name)?.Long("containerPort") is { } named ? (int)named : null;
    }
}
