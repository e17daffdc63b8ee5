using k8s;
using KubeContainers.Runtime.LeaderElection;

namespace KubeContainers.Runtime.Hosting;

public sealed class ControllerRuntimeOptions
{
    /// <summary>Where the API server is; null means in-cluster config or the default kubeconfig.</summary>
    public KubernetesClientConfiguration? ClientConfiguration { get; set; }

    /// <summary>Client-side rate limit: sustained requests per second.</summary>
    public double Qps { get; set; } = 20;

    /// <summary>Client-side rate limit: requests allowed in a burst above <see cref="Qps"/>.</summary>
    public int Burst { get; set; } = 30;

    /// <summary>Workers per controller unless the controller sets its own.</summary>
    public int Workers { get; set; } = 2;

    /// <summary>Namespaces to watch; empty watches all namespaces.</summary>
    public IList<string> Namespaces { get; } = [];

    /// <summary>A watch silent for this long (no event, no bookmark) is replaced.</summary>
    public TimeSpan WatchIdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public LeaderElectionOptions LeaderElection { get; } = new();

    /// <summary>The annotation where <see cref="Children.IChildSynchronizer"/> keeps the hash of what it wrote.</summary>
    public string ChildHashAnnotation { get; set; } = "kubecontainers.io/desired-hash";

    /// <summary>Port for /healthz and /readyz; 0 picks a free port; null serves nothing.</summary>
    public int? HealthPort { get; set; } = 8081;

    /// <summary>Port for /metrics; may equal <see cref="HealthPort"/>.</summary>
    public int? MetricsPort { get; set; } = 8080;

    /// <summary>Who the recorded Events say reported them (<c>source.component</c>, <c>reportingComponent</c>).</summary>
    public string ReportingComponent { get; set; } = "kubecontainers-operator";

    /// <summary>This replica in the Events' <c>reportingInstance</c>; null means the host name (the pod's name).</summary>
    public string? ReportingInstance { get; set; }
}
