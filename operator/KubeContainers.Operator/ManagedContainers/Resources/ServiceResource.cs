using k8s.Models;

namespace KubeContainers.Operator.ManagedContainers.Resources;

/// <summary>The ClusterIP Service in front of the pods; none without <c>spec.port</c> (a worker).</summary>
public static class ServiceResource
{
    public static V1Service? Make(BuildInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var container = input.Container;
        if (container.Spec.Port is not { } port)
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
                Ports =
                [
                    // The named target follows the container port, so the two cannot disagree.
                    new V1ServicePort { Name = Names.HttpPort, Port = port, Protocol = "TCP", TargetPort = Names.HttpPort },
                ],
            },
        };
    }
}
