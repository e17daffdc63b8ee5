using k8s.Models;
using KubeContainers.Api;

namespace KubeContainers.Operator.ManagedContainers.Resources;

/// <summary>
/// The Service of type LoadBalancer (<c>&lt;name&gt;-lb</c>) that <c>spec.networking.loadBalancer</c> asks for: the
/// ports other than the HTTP one (which the Ingress serves), reachable from outside the cluster. None unless asked
/// for and allowed by the operator (<c>--allow-load-balancers</c>; the validator refuses the spec otherwise).
/// A Service apart from the ClusterIP one, so turning the load balancer off deletes it without touching the
/// in-cluster addresses (a Service's type change keeps its allocated node ports and is refused on some clouds).
/// </summary>
public static class LoadBalancerServiceResource
{
    public static V1Service? Make(BuildInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var container = input.Container;
        var ports = ManagedContainerPorts.LoadBalanced(container.Spec);
        if (!input.Settings.AllowLoadBalancers || ports.Count == 0)
        {
            return null;
        }

        return new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = ChildMetadata.For(container, Names.LoadBalancerService(container.Metadata.Name)),
            Spec = new V1ServiceSpec
            {
                Type = "LoadBalancer",
                Selector = Labels.Selector(container.Metadata.Name),
                Ports = ServiceResource.ServicePorts(ports),
            },
        };
    }
}
