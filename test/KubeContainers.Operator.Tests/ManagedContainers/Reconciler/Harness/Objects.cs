using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Runtime.Client;

namespace KubeContainers.Operator.Tests.ManagedContainers.Reconciler.Harness;

/// <summary>The ManagedContainers the rows start from. Each row changes one thing.</summary>
internal static class Objects
{
    public const string Namespace = "team-a";

    public const string Image = "ghcr.io/acme/web:1.0";

    public static readonly ObjectKey Web = new(Namespace, "web");

    /// <summary>The URL of <see cref="WebApp"/>: the default host, http (no TLS issuer configured).</summary>
    public const string WebUrl = "http://web-team-a." + Cluster.BaseDomain;

    public static V1Alpha1ManagedContainer Container(
        string name, ManagedContainerSpec spec, string @namespace = Namespace, DateTimeOffset? created = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = @namespace,
            Uid = $"uid-{@namespace}-{name}",
            Generation = 1,
            CreationTimestamp = (created ?? Cluster.Start.AddHours(-1)).UtcDateTime,
        },
        Spec = spec,
    };

    /// <summary>The common case: an image and a port, so public with the defaults.</summary>
    public static V1Alpha1ManagedContainer WebApp(Action<ManagedContainerSpec>? change = null, DateTimeOffset? created = null)
    {
        var spec = new ManagedContainerSpec { Image = Image, Port = 8080, Replicas = 2 };
        change?.Invoke(spec);
        return Container("web", spec, created: created);
    }

    /// <summary>No port: a queue worker.</summary>
    public static V1Alpha1ManagedContainer Worker() =>
        Container("web", new ManagedContainerSpec { Image = Image, Command = ["/bin/worker"] });

    public static V1Alpha1ManagedContainer OneShot() =>
        Container("web", new ManagedContainerSpec { Image = Image, Command = ["/bin/migrate", "--all"], Mode = WorkloadModes.OneShot });
}
