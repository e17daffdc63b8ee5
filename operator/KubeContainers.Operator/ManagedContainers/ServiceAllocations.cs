using k8s.Models;

namespace KubeContainers.Operator.ManagedContainers;

/// <summary>What the apiserver allocates in a Service and an update must carry over, or it would be refused (the
/// cluster IP cannot change) or allocated anew (a node port a client or a cloud load balancer already uses).</summary>
internal static class ServiceAllocations
{
    public static void Preserve(V1Service have, V1Service update)
    {
        (update.Spec.ClusterIP, update.Spec.ClusterIPs) = (have.Spec.ClusterIP, have.Spec.ClusterIPs);
        foreach (var port in update.Spec.Ports ?? [])
        {
            // The same port (name, number and protocol) keeps its node port; a new one gets one allocated.
            var same = have.Spec.Ports?.FirstOrDefault(p => p.Name == port.Name && p.Port == port.Port && p.Protocol == port.Protocol);
            port.NodePort ??= same?.NodePort;
        }

        if (update.Spec.Type == have.Spec.Type)
        {
            update.Spec.HealthCheckNodePort ??= have.Spec.HealthCheckNodePort;
        }
    }
}
