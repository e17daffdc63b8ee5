using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.ManagedContainers.Resources;
using KubeContainers.Runtime.Children;
using KubeContainers.Runtime.Client;

namespace KubeContainers.Operator.ManagedContainers;

internal sealed partial class ManagedContainerReconciler
{
    /// <summary>
    /// The LoadBalancer Service of <c>spec.networking.loadBalancer</c> (deleted when no longer asked for). Its
    /// address goes into status.addresses once the load balancer publishes one; until then ServiceReady (and so
    /// Ready) is Unknown and says it waits for the load balancer: the ports it carries are not reachable from outside
    /// yet, so claiming Ready would be false.
    /// </summary>
    private async Task SyncLoadBalancerAsync(ReconcileState state, bool serviceNotOwned, CancellationToken ct)
    {
        var desired = LoadBalancerServiceResource.Make(state.Input);
        var name = Names.LoadBalancerService(state.Name);
        var options = Owned<V1Service>(state) with { Preserve = ServiceAllocations.Preserve };
        var result = await children.SyncAsync(new ObjectKey(state.Namespace, name), desired, options, ct).ConfigureAwait(false);
        Note(state, result, "Service");
        if (desired is null || serviceNotOwned || state.Status.GetCondition(ConditionTypes.ServiceReady)?.Status != ConditionStatuses.True)
        {
            // Nothing to report, or the ClusterIP Service already reports the worse news.
            Refused(state, result, "Service", name, null);
            return;
        }

        if (Refused(state, result, "Service", name, ConditionTypes.ServiceReady))
        {
            return;
        }

        if (result.Outcome == ChildSyncOutcome.NotOwned)
        {
            state.Status.MarkServiceNotOwned(name, state.Now);
            return;
        }

        var ingress = result.Current?.Status?.LoadBalancer?.Ingress?.FirstOrDefault();
        var balanced = desired.Spec.Ports.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var address in state.Status.Addresses?.Where(a => balanced.Contains(a.Name)) ?? [])
        {
            address.External = Addresses.External(ingress?.Ip, ingress?.Hostname, address.Port);
        }

        if (state.Status.Addresses?.Any(a => balanced.Contains(a.Name) && a.External is null) != false)
        {
            state.Status.MarkLoadBalancerPending(name, state.Now);
        }
    }
}
