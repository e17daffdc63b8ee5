using k8s.Models;
using KubeContainers.Api;

namespace KubeContainers.Operator.ManagedContainers.Resources;

/// <summary>The ClusterIP Service in front of the pods, with every port; none without a port (a worker).</summary>
public static class ServiceResource
{
    public static V1Service? Make(BuildInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var container = input.Container;
        var ports = ServicePorts(ManagedContainerPorts.All(container.Spec));
        if (ports.Count == 0)
        {
            return null;
        }

        return new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = ChildMetadata.For(container, Names.Service(container.Metadata.Name)),
            Spec = new V1ServiceSpec
            {
                Type = "ClusterIP",
                Selector = Labels.Selector(container.Metadata.Name),
                Ports = ports,
            },
        };
    }

    /// <summary>The named target follows the container port of the same name, so the two cannot disagree.</summary>
    internal static List<V1ServicePort> ServicePorts(IEnumerable<ManagedContainerPort> ports) =>
        ports.Select(p => new V1ServicePort { Name = p.Name, Port = p.Port, Protocol = p.Protocol, TargetPort = p.Name }).ToList();
}
