namespace KubeContainers.Operator.Tests.Support;

/// <summary>
/// The images people actually run, each written as a user would write it (no securityContext, the default health
/// check), with the Pod Security level its pods claim: restricted without a sandbox, baseline inside one (the
/// profile lets the image's own user, root included, run). The table test and the whole-system test both run every
/// row on the strict local cluster, in a namespace that enforces that level.
/// </summary>
public static class PopularImages
{
    /// <summary>Name, the Pod Security level its namespace enforces, and the ManagedContainer's spec as YAML (indented by two).</summary>
    public static TheoryData<string, string, string> Rows => new()
    {
        // USER app: a name the kubelet cannot verify, so outside a sandbox the numeric default user runs.
        { "podinfo", "restricted", "  image: ghcr.io/stefanprodan/podinfo:6.7.1\n  port: 9898\n  sandbox: none\n" },
        // A root image with no port: a worker, no probe.
        { "busybox", "restricted", "  image: busybox:1.36\n  command: [sleep, \"3600\"]\n  sandbox: none\n" },
        // Root, serving only nginx's default site (no /health): a TCP check, the default.
        { "nginx", "baseline", "  image: nginx:1.27\n  port: 80\n  sandbox: gvisor\n" },
        { "nginx-unprivileged", "restricted", "  image: nginxinc/nginx-unprivileged:1.27\n  port: 8080\n  sandbox: none\n" },
        { "redis", "baseline", "  image: redis:7\n  port: 6379\n  sandbox: gvisor\n" },
        {
            "postgres", "baseline",
            "  image: postgres:16\n  sandbox: gvisor\n  env:\n    POSTGRES_PASSWORD: example\n" +
            "  volumes:\n  - name: data\n    mountPath: /var/lib/postgresql/data\n    size: 1Gi\n"
        },
        // Root, listening where its command says; in a Kata microVM (kata-qemu, on the nodes kata-deploy labels).
        { "python", "baseline", "  image: python:3.12\n  command: [python, -m, http.server, \"8000\"]\n  port: 8000\n  sandbox: kata\n" },
    };
}
