using System.Globalization;

namespace KubeContainers.LocalCluster.Controllers.Kubelet.Images;

/// <summary>Which program's output an image's process writes (<see cref="ProgramOutput"/>).</summary>
public enum LogStyle
{
    /// <summary>A program nobody describes: the <c>echo</c>s of its shell command, the kubelet's probes in the common log format.</summary>
    Plain,
    Nginx,
    Httpd,
    Redis,
    Postgres,

    /// <summary>podinfo's zap JSON lines (it logs requests only at debug level: probes leave no line).</summary>
    Podinfo,

    /// <summary>etcd's zap JSON lines (it does not log HTTP requests).</summary>
    Etcd,
}

/// <summary>
/// What the programs of the catalogue's images write to stdout and stderr, as their official images do (shortened to
/// the characteristic lines): the start-up banner, a line per HTTP request they log (the kubelet's probes, user agent
/// <c>kube-probe/1.31</c>), and the lines of their exit (a SIGTERM for the kubelet's kill, 137 or 143).
/// </summary>
internal static class ProgramOutput
{
    public const string ProbeAgent = "kube-probe/1.31";

    public static IReadOnlyList<string> Banner(LogStyle style, DateTimeOffset at, string podIp, int port) => style switch
    {
        LogStyle.Nginx =>
        [
            "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
            "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
            "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
            "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
            "/docker-entrypoint.sh: Configuration complete; ready for start up",
            $"{NginxTime(at)} [notice] 1#1: using the \"epoll\" event method",
            $"{NginxTime(at)} [notice] 1#1: nginx/1.27.3",
            $"{NginxTime(at)} [notice] 1#1: start worker processes",
            $"{NginxTime(at)} [notice] 1#1: start worker process 29",
        ],
        LogStyle.Httpd =>
        [
            $"AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using {podIp}. Set the 'ServerName' directive globally to suppress this message",
            $"[{HttpdTime(at)}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.62 (Unix) configured -- resuming normal operations",
            $"[{HttpdTime(at)}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'",
        ],
        LogStyle.Redis =>
        [
            $"1:C {RedisTime(at)} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
            $"1:C {RedisTime(at)} * Redis version=7.4.1, bits=64, commit=00000000, modified=0, pid=1, just started",
            $"1:M {RedisTime(at)} * Running mode=standalone, port={port}.",
            $"1:M {RedisTime(at)} * Server initialized",
            $"1:M {RedisTime(at)} * Ready to accept connections tcp",
        ],
        LogStyle.Postgres =>
        [
            "PostgreSQL Database directory appears to contain a database; Skipping initialization",
            $"{PostgresTime(at)} [1] LOG:  starting PostgreSQL 17.2 (Debian 17.2-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit",
            $"{PostgresTime(at)} [1] LOG:  listening on IPv4 address \"0.0.0.0\", port {port}",
            $"{PostgresTime(at)} [1] LOG:  database system is ready to accept connections",
        ],
        LogStyle.Podinfo =>
        [
            $"{{\"level\":\"info\",\"ts\":\"{ZapTime(at)}\",\"caller\":\"podinfo/main.go:153\",\"msg\":\"Starting podinfo\",\"version\":\"6.7.1\",\"revision\":\"\",\"port\":\"{port}\"}}",
            $"{{\"level\":\"info\",\"ts\":\"{ZapTime(at)}\",\"caller\":\"http/server.go:232\",\"msg\":\"Starting HTTP Server.\",\"addr\":\":{port}\"}}",
        ],
        LogStyle.Etcd =>
        [
            $"{{\"level\":\"info\",\"ts\":\"{ZapTime(at)}\",\"caller\":\"etcdmain/etcd.go:73\",\"msg\":\"Running: \",\"args\":[\"etcd\"]}}",
            $"{{\"level\":\"info\",\"ts\":\"{ZapTime(at)}\",\"caller\":\"etcdserver/server.go:2066\",\"msg\":\"published local member to cluster through raft\"}}",
            $"{{\"level\":\"warn\",\"ts\":\"{ZapTime(at)}\",\"caller\":\"embed/serve.go:212\",\"msg\":\"serving client traffic insecurely; this is strongly discouraged!\",\"address\":\"[::]:{port}\"}}",
        ],
        _ => [],
    };

    /// <summary>The access-log line of one HTTP GET, or null for a program that does not log requests.</summary>
    public static string? Request(LogStyle style, DateTimeOffset at, string client, string path, int status) => style switch
    {
        LogStyle.Nginx => $"{client} - - [{AccessTime(at)}] \"GET {path} HTTP/1.1\" {status} {(status == 200 ? 615 : 153)} \"-\" \"{ProbeAgent}\" \"-\"",
        LogStyle.Httpd => $"{client} - - [{AccessTime(at)}] \"GET {path} HTTP/1.1\" {status} {(status == 200 ? 45 : 196)}",
        LogStyle.Plain => $"{client} - - [{AccessTime(at)}] \"GET {path} HTTP/1.1\" {status} - \"-\" \"{ProbeAgent}\"",
        _ => null,
    };

    /// <summary>What the program writes as it exits: its SIGTERM handling for 137 and 143 (the kubelet's kill), its
    /// ordinary shutdown for 0, nothing for another code (a crash writes what it writes: nothing we can know).</summary>
    public static IReadOnlyList<string> Exit(LogStyle style, DateTimeOffset at, int exitCode)
    {
        var signalled = exitCode is 137 or 143;
        if (!signalled && exitCode != 0)
        {
            return [];
        }

        return style switch
        {
            LogStyle.Nginx => signalled
                ? [$"{NginxTime(at)} [notice] 1#1: signal 15 (SIGTERM) received, exiting", $"{NginxTime(at)} [notice] 1#1: exit"]
                : [$"{NginxTime(at)} [notice] 1#1: exit"],
            LogStyle.Httpd => [$"[{HttpdTime(at)}] [mpm_event:notice] [pid 1:tid 1] AH00491: caught SIGTERM, shutting down"],
            LogStyle.Redis =>
            [
                $"1:M {RedisTime(at)} # User requested shutdown...",
                $"1:M {RedisTime(at)} # Redis is now ready to exit, bye bye...",
            ],
            LogStyle.Postgres =>
            [
                $"{PostgresTime(at)} [1] LOG:  received fast shutdown request",
                $"{PostgresTime(at)} [1] LOG:  database system is shut down",
            ],
            LogStyle.Podinfo => [$"{{\"level\":\"info\",\"ts\":\"{ZapTime(at)}\",\"caller\":\"api/server.go:265\",\"msg\":\"Shutting down HTTP/HTTPS server\",\"timeout\":5}}"],
            LogStyle.Etcd => [$"{{\"level\":\"info\",\"ts\":\"{ZapTime(at)}\",\"caller\":\"osutil/interrupt_unix.go:64\",\"msg\":\"received signal; shutting down\",\"signal\":\"terminated\"}}"],
            _ => [],
        };
    }

    private static string NginxTime(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy'/'MM'/'dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string AccessTime(DateTimeOffset at) => at.UtcDateTime.ToString("dd'/'MMM'/'yyyy:HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    private static string HttpdTime(DateTimeOffset at) => at.UtcDateTime.ToString("ddd MMM dd HH:mm:ss.ffffff yyyy", CultureInfo.InvariantCulture);

    private static string RedisTime(DateTimeOffset at) => at.UtcDateTime.ToString("dd MMM yyyy HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static string PostgresTime(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff 'UTC'", CultureInfo.InvariantCulture);

    private static string ZapTime(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
