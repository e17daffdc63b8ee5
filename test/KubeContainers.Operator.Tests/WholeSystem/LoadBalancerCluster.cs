using KubeContainers.LocalCluster;

namespace KubeContainers.Operator.Tests.WholeSystem;

/// <summary>
/// The gVisor cluster with a load balancer controller (as cloud-provider-kind or MetalLB add to kind) handing out
/// <see cref="Addresses"/>, and the operator allowed to create LoadBalancer Services (--allow-load-balancers).
/// </summary>
public sealed class LoadBalancerCluster : OperatorCluster
{
    public const string Addresses = "172.18.255.0/28";

    protected override LocalClusterOptions Options(LocalClusterOptions defaults) =>
        base.Options(defaults) with { LoadBalancerAddresses = Addresses };

    protected override IReadOnlyList<string> ExtraOperatorFlags => ["--allow-load-balancers"];
}
