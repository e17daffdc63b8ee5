using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.ManagedContainers.Resources;
using KubeContainers.Runtime.Children;
using KubeContainers.Runtime.Client;

namespace KubeContainers.Operator.ManagedContainers;

internal sealed partial class ManagedContainerReconciler
{
    /// <returns>What blocks the workload when the policy is missing or not ours; null otherwise.</returns>
    private async Task<WorkloadBlocker?> SyncNetworkPolicyAsync(ReconcileState state, CancellationToken ct)
    {
        var desired = NetworkPolicyResource.Make(state.Input);
        var result = await children.SyncAsync(
            new ObjectKey(state.Namespace, desired.Metadata.Name), desired, Owned<V1NetworkPolicy>(state), ct).ConfigureAwait(false);
        Note(state, result, "NetworkPolicy");
        state.Status.Checks!.NetworkConfigured = false;
        if (Refused(state, result, "NetworkPolicy", desired.Metadata.Name, ConditionTypes.NetworkPolicyApplied))
        {
            if (result.Current is null)
            {
                // Without it the pods would run with no network rules at all: nothing new starts until it exists.
                return new WorkloadBlocker(
                    $"NetworkPolicy {desired.Metadata.Name} could not be created",
                    state.Status.GetCondition(ConditionTypes.NetworkPolicyApplied)!.Reason);
            }

            return null;
        }

        if (result.Outcome == ChildSyncOutcome.NotOwned)
        {
            state.Status.MarkNetworkPolicyNotOwned(desired.Metadata.Name, state.Now);
            return new WorkloadBlocker($"NetworkPolicy {desired.Metadata.Name} is not ours");
        }

        state.Status.MarkNetworkPolicyApplied(state.Now);
        state.Status.Checks!.NetworkConfigured = true;
        return null;
    }

    /// <returns>Whether a Service of our name exists that is not ours (no Ingress or load balancer may route to it).</returns>
    private async Task<bool> SyncServiceAsync(ReconcileState state, CancellationToken ct)
    {
        var desired = ServiceResource.Make(state.Input);
        var options = Owned<V1Service>(state) with { Preserve = ServiceAllocations.Preserve };
        var result = await children.SyncAsync(
            new ObjectKey(state.Namespace, Names.Service(state.Name)), desired, options, ct).ConfigureAwait(false);
        Note(state, result, "Service");
        if (result.Current is null || result.Outcome == ChildSyncOutcome.NotOwned)
        {
            // No Service of ours: nothing to reach inside the cluster.
            (state.Status.InternalUrl, state.Status.Addresses) = (null, null);
        }

        if (Refused(state, result, "Service", Names.Service(state.Name), desired is null ? null : ConditionTypes.ServiceReady))
        {
            return false;
        }

        if (desired is null)
        {
            state.Status.MarkNotRequired(ConditionTypes.ServiceReady, state.Now);
            return false;
        }

        if (result.Outcome == ChildSyncOutcome.NotOwned)
        {
            state.Status.MarkServiceNotOwned(desired.Metadata.Name, state.Now);
            return true;
        }

        state.Status.InternalUrl = Urls.InternalUrl(state.Input);
        state.Status.Addresses = Addresses.Internal(state.Input);
        state.Status.MarkServiceReady(state.Now);
        return false;
    }

    private async Task SyncIngressAsync(ReconcileState state, bool serviceNotOwned, CancellationToken ct)
    {
        // Only an Ingress of ours gives the container a URL; every other path below leaves it without one.
        (state.Status.Url, state.Status.Checks!.UrlAssigned) = (null, false);
        var desired = IngressResource.Make(state.Input);
        var key = new ObjectKey(state.Namespace, Names.Ingress(state.Name));
        if (desired is not null && serviceNotOwned)
        {
            // Our Ingress would publish someone else's Service (a database, say): none, and ours goes if it exists.
            Refused(state, await children.SyncAsync<V1Ingress>(key, null, Owned<V1Ingress>(state), ct).ConfigureAwait(false), "Ingress", key.Name, null);
            state.Status.MarkIngressNotRouted($"no Ingress: the Service {Names.Service(state.Name)} it would route to is not ours", state.Now);
            return;
        }

        if (desired is not null && !OwnsHost(state))
        {
            // Another ManagedContainer claimed the host first: give up ours (an Ingress from before it did). The
            // message does not name the other one: it may belong to another tenant.
            Refused(state, await children.SyncAsync<V1Ingress>(key, null, Owned<V1Ingress>(state), ct).ConfigureAwait(false), "Ingress", key.Name, null);
            state.Status.MarkHostConflict(Urls.Host(state.Input), state.Now);
            return;
        }

        var result = await children.SyncAsync(key, desired, Owned<V1Ingress>(state), ct).ConfigureAwait(false);
        Note(state, result, "Ingress");
        if (Refused(state, result, "Ingress", key.Name, desired is null ? null : ConditionTypes.IngressReady))
        {
            return;
        }

        if (desired is null)
        {
            state.Status.MarkNotRequired(ConditionTypes.IngressReady, state.Now);
            return;
        }

        if (result.Outcome == ChildSyncOutcome.NotOwned)
        {
            state.Status.MarkIngressNotOwned(desired.Metadata.Name, state.Now);
            return;
        }

        state.Status.Url = Urls.Url(state.Input);
        state.Status.Checks!.UrlAssigned = true;
        if (settings.IngressClass is { } ingressClass && caches.IngressClasses.HasSynced &&
            caches.IngressClasses.Get(new ObjectKey(null, ingressClass)) is null)
        {
            state.Status.MarkIngressClassNotFound(ingressClass, desired.Metadata.Name, state.Now);
        }
        else if (result.Current?.Status?.LoadBalancer?.Ingress is { Count: > 0 })
        {
            state.Status.MarkIngressReady(state.Now);
        }
        else if (settings.IngressReadyWithoutAddress)
        {
            state.Status.MarkIngressReady(
                $"Ingress {desired.Metadata.Name} exists; its controller publishes no address, so none is awaited (--ingress-ready-without-address)",
                state.Now);
        }
        else
        {
            state.Status.MarkIngressPending($"waiting for the ingress controller to give Ingress {desired.Metadata.Name} an address", state.Now);
        }
    }

    private bool OwnsHost(ReconcileState state)
    {
        var claimants = caches.Containers.ListByIndex(HostClaims.Index, Urls.Host(state.Input))
            .Where(c => c.Metadata.DeletionTimestamp is null)
            .Append(state.Observed)
            .DistinctBy(c => c.Metadata.Uid)
            .ToList();
        return HostClaims.Winner(claimants).Metadata.Uid == state.Uid;
    }

    private static ChildSyncOptions<T> Owned<T>(ReconcileState state)
        where T : class, k8s.IKubernetesObject<V1ObjectMeta> =>
        new() { IsOwned = o => OwnedBy(state.Uid, o.Metadata) };
}
