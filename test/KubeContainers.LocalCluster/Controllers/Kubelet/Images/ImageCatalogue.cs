namespace KubeContainers.LocalCluster.Controllers.Kubelet.Images;

/// <summary>
/// The images the simulated kubelet knows, described as the public images really are (their Dockerfile's USER and
/// EXPOSE, and what the server answers). <see cref="LocalClusterOptions.Images"/> come first; the first match wins;
/// an image nobody describes is <see cref="ImageMetadata.Unknown"/>.
/// </summary>
public static class ImageCatalogue
{
    /// <summary>nginx's default site: the welcome page, and 404 for everything else (no /health, no /healthz).</summary>
    private static readonly string[] NginxDefaultSite = ["/", "/index.html", "/50x.html"];

    public static IReadOnlyList<ImageMetadata> BuiltIn { get; } =
    [
        // No USER in their Dockerfiles: root. What they listen on is up to the command they are given.
        new("busybox"),
        new("alpine"),
        new("debian"),
        new("ubuntu"),
        new("python"),
        new("node"),
        new("golang"),
        new("nginx", Ports: [ImagePort.Http(80, NginxDefaultSite)], Log: LogStyle.Nginx),
        new("httpd", Ports: [ImagePort.Http(80, "/", "/index.html")], Log: LogStyle.Httpd),
        new("redis", Ports: [ImagePort.Tcp(6379)], Log: LogStyle.Redis),
        new("postgres", Ports: [ImagePort.Tcp(5432)], Log: LogStyle.Postgres),
        new("mysql", Ports: [ImagePort.Tcp(3306), ImagePort.Tcp(33060)]),
        new("mongo", Ports: [ImagePort.Tcp(27017)]),
        new("memcached", User: "memcache", Ports: [ImagePort.Tcp(11211)]),

        // USER app (a name the kubelet cannot verify); podinfo's HTTP API on 9898. Its gRPC (--grpc-port) and
        // metrics (--port-metrics) ports default to 0, off: the image as shipped listens on 9898 only.
        new("stefanprodan/podinfo", User: "app", Ports:
        [
            ImagePort.Http(9898, "/", "/healthz", "/readyz", "/version", "/metrics", "/env", "/headers", "/api/info", "/api/echo"),
        ], Log: LogStyle.Podinfo),

        // USER 101 (nginx), listening on 8080: the default site, still no /health.
        new("nginxinc/nginx-unprivileged", User: "101", Ports: [ImagePort.Http(8080, NginxDefaultSite)], Log: LogStyle.Nginx),

        // etcd (the Kubernetes docs' gRPC probe example): its client port serves HTTP (/health) and gRPC, whose health
        // service answers for the server as a whole (""). Its images are distroless: nothing but etcd and etcdctl to exec.
        new("etcd", Ports: [new ImagePort(2379, ["/health", "/version", "/metrics"], [""])], Executables: ["etcd", "etcdctl", "etcdutl"], Log: LogStyle.Etcd),
        new("coreos/etcd", Ports: [new ImagePort(2379, ["/health", "/version", "/metrics"], [""])], Executables: ["etcd", "etcdctl", "etcdutl"], Log: LogStyle.Etcd),

        // Distroless: the :nonroot tags (and :debug-nonroot, :latest-nonroot...) are USER 65532, the others root. No
        // shell, no programs: an exec probe cannot start anything (the :debug tags have busybox).
        new("distroless/*:debug*nonroot", User: "65532"),
        new("distroless/*:debug*"),
        new("distroless/*:*nonroot", User: "65532", Executables: []),
        new("distroless/*", Executables: []),
    ];

    /// <summary>The first description of <paramref name="image"/> among <paramref name="custom"/>, then the built-in ones.</summary>
    public static ImageMetadata For(string image, IReadOnlyList<ImageMetadata> custom) =>
        custom.Concat(BuiltIn).FirstOrDefault(m => m.Matches(image)) ?? ImageMetadata.Unknown;
}
