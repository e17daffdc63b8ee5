namespace KubeContainers.LocalCluster.Controllers.Images;

/// <summary>
/// A TCP port an image's process listens on, and what it answers there: <paramref name="HttpPaths"/> null means
/// TCP only (Redis, Postgres: an HTTP request gets no HTTP answer); otherwise the paths an HTTP GET gets a 2xx for
/// (anything else: 404). <see cref="AnyPath"/> among them answers every path.
/// </summary>
public sealed record ImagePort(int Number, IReadOnlyList<string>? HttpPaths = null)
{
    public const string AnyPath = "*";

    /// <summary>An HTTP server on <paramref name="number"/> answering exactly <paramref name="paths"/>.</summary>
    public static ImagePort Http(int number, params string[] paths) => new(number, paths);

    /// <summary>A TCP server that speaks no HTTP.</summary>
    public static ImagePort Tcp(int number) => new(number);

    public bool IsHttp => HttpPaths is not null;

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
}
