using k8s.Models;
using KubeContainers.Api;

namespace KubeContainers.Operator.ManagedContainers.Resources;

/// <summary>
/// The NetworkPolicy of every ManagedContainer. Both directions are listed in policyTypes, so whatever no rule
/// allows is denied: a container gets exactly the traffic <c>spec.networking</c> names and nothing by default.
/// </summary>
public static class NetworkPolicyResource
{
    /// <summary>The label the apiserver puts on every namespace; users cannot fake it on another namespace.</summary>
    public const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    public const int DnsPort = 53;

    public static V1NetworkPolicy Make(BuildInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var container = input.Container;
        return new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Metadata = ChildMetadata.For(container, Names.NetworkPolicy(container.Metadata.Name)),
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector { MatchLabels = Labels.Selector(container.Metadata.Name) },
                PolicyTypes = ["Ingress", "Egress"],
                Ingress = Ingress(input),
                Egress = Egress(input),
            },
        };
    }

    /// <summary>
    /// Inbound on the container's ports only, each with its protocol. Public: the HTTP port from the ingress
    /// controller, never straight from other pods; the other ports, which no Ingress serves, from the namespace as
    /// if private. Private: every port from the namespace. None: nothing. With a load balancer, its ports also from
    /// anywhere: its traffic arrives from outside the cluster (or from the node, after kube-proxy's SNAT).
    /// </summary>
    private static List<V1NetworkPolicyIngressRule>? Ingress(BuildInput input)
    {
        var spec = input.Container.Spec;
        var ports = ManagedContainerPorts.All(spec);
        var rules = new List<V1NetworkPolicyIngressRule>();
        switch (ManagedContainerDefaults.EffectiveIngress(spec))
        {
            case IngressModes.Public:
                rules.Add(Rule(InNamespacePeer(input.Settings.IngressNamespace), ports.Where(p => p.Http)));
                rules.Add(Rule(SameNamespace(), ports.Where(p => !p.Http)));
                break;
            case IngressModes.Private:
                rules.Add(Rule(SameNamespace(), ports));
                break;
            default:
                return null;
        }

        if (input.Settings.AllowLoadBalancers)
        {
            // No peer: the rule admits every source, on these ports only.
            rules.Add(Rule(null, ManagedContainerPorts.LoadBalanced(spec)));
        }

        rules.RemoveAll(r => r.Ports.Count == 0);
        return rules.Count == 0 ? null : rules;
    }

    private static V1NetworkPolicyIngressRule Rule(V1NetworkPolicyPeer? from, IEnumerable<ManagedContainerPort> ports) => new()
    {
        FromProperty = from is null ? null : [from],
        Ports = ports.Select(p => new V1NetworkPolicyPort { Port = p.Port, Protocol = p.Protocol }).ToList(),
    };

    /// <summary>An empty podSelector without namespaceSelector means every pod of this namespace.</summary>
    private static V1NetworkPolicyPeer SameNamespace() => new() { PodSelector = new V1LabelSelector() };

    private static V1NetworkPolicyPeer InNamespacePeer(string @namespace) => new() { NamespaceSelector = InNamespace(@namespace) };

    private static List<V1NetworkPolicyEgressRule> Egress(BuildInput input)
    {
        var settings = input.Settings;
        // DNS always: without it even egress "none" could not resolve the names of Services it is allowed to call.
        var rules = new List<V1NetworkPolicyEgressRule>
        {
            new()
            {
                To =
                [
                    new V1NetworkPolicyPeer
                    {
                        NamespaceSelector = InNamespace(settings.DnsNamespace),
                        PodSelector = new V1LabelSelector { MatchLabels = ChildMetadata.Sorted(settings.DnsPodLabels) },
                    },
                ],
                Ports =
                [
                    new V1NetworkPolicyPort { Port = DnsPort, Protocol = "UDP" },
                    new V1NetworkPolicyPort { Port = DnsPort, Protocol = "TCP" },
                ],
            },
        };

        var egress = input.Container.Spec.Networking?.Egress ?? ManagedContainerDefaults.Egress;
        if (egress is EgressModes.Cluster or EgressModes.Internet)
        {
            // Internet includes the namespace: the blocked ranges below cover the pod range, so without this rule
            // an internet container could not reach its own namespace's Services.
            rules.Add(new V1NetworkPolicyEgressRule { To = [new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector() }] });
        }

        if (egress == EgressModes.Internet)
        {
            rules.Add(new V1NetworkPolicyEgressRule
            {
                To = [new V1NetworkPolicyPeer { IpBlock = Internet(settings.BlockedEgressCidrs) }],
            });
        }

        return rules;
    }

    /// <summary>
    /// Every IPv4 address except the blocked ranges (the cloud metadata address, the cluster's own ranges). IPv4
    /// only: there is no <c>::/0</c> rule, so IPv6 egress stays closed, and an IPv6 entry in the blocked list is
    /// left out of <c>except</c>, where the apiserver would refuse it as outside 0.0.0.0/0.
    /// </summary>
    private static V1IPBlock Internet(IEnumerable<string> blocked)
    {
        // Anything without a colon stays, malformed or not: the apiserver then refuses the policy loudly, where
        // dropping an entry would silently open the range it was meant to block.
        var except = blocked.Where(cidr => !cidr.Contains(':', StringComparison.Ordinal)).ToList();
        return new V1IPBlock { Cidr = "0.0.0.0/0", Except = except.Count == 0 ? null : except };
    }

    private static V1LabelSelector InNamespace(string @namespace) =>
        new() { MatchLabels = new Dictionary<string, string> { [NamespaceNameLabel] = @namespace } };
}
