namespace KubeContainers.LocalCluster.Controllers.Kubelet.Images;

/// <summary>
/// A TCP port an image's process listens on, and what it answers there: <paramref name="HttpPaths"/> null means
/// no HTTP (Redis, Postgres: an HTTP request gets no HTTP answer); otherwise the paths an HTTP GET gets a 2xx for
/// (anything else: 404). <see cref="AnyPath"/> among them answers every path. <paramref name="GrpcHealth"/> null means
/// no gRPC; otherwise a gRPC server whose grpc.health.v1.Health answers SERVING for these service names (<c>""</c> is
/// the server as a whole); empty: a gRPC server without the health service. <see cref="AnyService"/> answers every name.
/// </summary>
public sealed record ImagePort(int Number, IReadOnlyList<string>? HttpPaths = null, IReadOnlyList<string>? GrpcHealth = null)
{
    public const string AnyPath = "*";

    public const string AnyService = "*";

    /// <summary>An HTTP server on <paramref name="number"/> answering exactly <paramref name="paths"/>.</summary>
    public static ImagePort Http(int number, params string[] paths) => new(number, paths);

    /// <summary>A TCP server that speaks no HTTP.</summary>
    public static ImagePort Tcp(int number) => new(number);

    /// <summary>What a process that listens where its container says is taken to serve on a declared TCP port: HTTP
    /// on every path and gRPC health for every service, whichever the probe asks.</summary>
    public static ImagePort Anything(int number) => new(number, [AnyPath], [AnyService]);

    public bool IsHttp => HttpPaths is not null;

    public bool IsGrpc => GrpcHealth is not null;

    /// <summary>Whether an HTTP GET of <paramref name="path"/> (query ignored) gets a 2xx.</summary>
    public bool Answers(string path)
    {
        var plain = path.Split('?', 2)[0];
        if (plain.Length == 0)
        {
            plain = "/";
        }

        return HttpPaths is { } paths && paths.Any(p => p == AnyPath || string.Equals(p, plain, StringComparison.Ordinal));
    }

    /// <summary>Whether the health service answers SERVING for <paramref name="service"/>.</summary>
    public bool Serves(string service) => GrpcHealth is { } services && services.Any(s => s == AnyService || s == service);
}
