namespace KubeContainers.Api;

public sealed partial class ManagedContainerStatus
{
    /// <summary>
    /// The LoadBalancer Service exists but its load balancer has published no address yet: not ready, because the
    /// ports it carries are not reachable from outside until then (on a cluster without a load balancer controller,
    /// for ever), and status.addresses shows no external address.
    /// </summary>
    public void MarkLoadBalancerPending(string serviceName, DateTimeOffset now) =>
        Set(
            ConditionTypes.ServiceReady,
            ConditionStatuses.Unknown,
            ConditionReasons.Pending,
            $"waiting for the load balancer to give Service {serviceName} an address",
            now);
}
