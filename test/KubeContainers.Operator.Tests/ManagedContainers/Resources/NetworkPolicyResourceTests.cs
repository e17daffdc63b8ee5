using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.ManagedContainers;
using KubeContainers.Operator.ManagedContainers.Resources;

namespace KubeContainers.Operator.Tests.ManagedContainers.Resources;

public sealed class NetworkPolicyResourceTests
{
    private static V1NetworkPolicySpec Policy(int? port, string? ingress = null, string? egress = null) =>
        NetworkPolicyResource.Make(Cases.Input(new ManagedContainerSpec
        {
            Image = "nginx",
            Port = port,
            Networking = new NetworkingSpec { Ingress = ingress, Egress = egress },
        })).Spec;

    [Theory]
    [MemberData(nameof(Cases.Names), MemberType = typeof(Cases))]
    public void Every_container_has_one_covering_both_directions_of_its_pods(string name)
    {
        var input = Cases.All[name];
        var policy = NetworkPolicyResource.Make(input);
        policy.Spec.PolicyTypes.ShouldBe(["Ingress", "Egress"]);
        policy.Spec.PodSelector.MatchLabels.ShouldBe(Labels.Selector(input.Container.Metadata.Name));
        policy.Metadata.OwnerReferences.ShouldHaveSingleItem();
    }

    [Fact]
    public void Public_accepts_the_ingress_controllers_namespace_on_the_port_only()
    {
        var rule = Policy(8080).Ingress.ShouldHaveSingleItem();
        var from = rule.FromProperty.ShouldHaveSingleItem();
        from.NamespaceSelector.MatchLabels.ShouldBe(new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "ingress-nginx" });
        from.PodSelector.ShouldBeNull();
        var port = rule.Ports.ShouldHaveSingleItem();
        port.Port.Value.ShouldBe("8080");
        port.Protocol.ShouldBe("TCP");
    }

    [Fact]
    public void Private_accepts_the_namespace_on_the_port_only()
    {
        var rule = Policy(8080, IngressModes.Private).Ingress.ShouldHaveSingleItem();
        var from = rule.FromProperty.ShouldHaveSingleItem();
        from.NamespaceSelector.ShouldBeNull();
        from.PodSelector.MatchLabels.ShouldBeNull();
        from.PodSelector.MatchExpressions.ShouldBeNull();
        rule.Ports.ShouldHaveSingleItem().Port.Value.ShouldBe("8080");
    }

    [Fact]
    public void None_and_workers_accept_nothing()
    {
        Policy(8080, IngressModes.None).Ingress.ShouldBeNull();
        Policy(null).Ingress.ShouldBeNull();
    }

    [Fact]
    public void Egress_none_allows_dns_only()
    {
        var dns = Policy(8080).Egress.ShouldHaveSingleItem();
        var to = dns.To.ShouldHaveSingleItem();
        to.NamespaceSelector.MatchLabels.ShouldBe(new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "kube-system" });
        to.PodSelector.MatchLabels.ShouldBe(new Dictionary<string, string> { ["k8s-app"] = "kube-dns" });
        dns.Ports.Select(p => (p.Port.Value, p.Protocol)).ShouldBe([("53", "UDP"), ("53", "TCP")]);
    }

    [Fact]
    public void Egress_cluster_adds_the_namespace()
    {
        var rules = Policy(8080, egress: EgressModes.Cluster).Egress;
        rules.Count.ShouldBe(2);
        var to = rules[1].To.ShouldHaveSingleItem();
        to.PodSelector.ShouldNotBeNull();
        to.NamespaceSelector.ShouldBeNull();
        to.IpBlock.ShouldBeNull();
        rules[1].Ports.ShouldBeNull();
    }

    [Fact]
    public void Egress_internet_adds_everything_but_the_blocked_ranges_and_keeps_the_namespace()
    {
        var rules = Policy(8080, egress: EgressModes.Internet).Egress;
        rules.Count.ShouldBe(3);
        rules[1].To.ShouldHaveSingleItem().PodSelector.ShouldNotBeNull();
        var block = rules[2].To.ShouldHaveSingleItem().IpBlock;
        block.Cidr.ShouldBe("0.0.0.0/0");
        block.Except.ShouldBe(Cases.Settings.BlockedEgressCidrs);
        block.Except.ShouldContain("169.254.169.254/32");
    }

    [Fact]
    public void Ipv6_blocked_ranges_stay_out_of_the_ipv4_block()
    {
        var input = Cases.Input(
            new ManagedContainerSpec { Image = "nginx", Networking = new NetworkingSpec { Egress = EgressModes.Internet } },
            Cases.Settings with { BlockedEgressCidrs = ["169.254.169.254/32", "fd00:ec2::254/128"] });
        var block = NetworkPolicyResource.Make(input).Spec.Egress.Single(r => r.To[0].IpBlock is not null).To[0].IpBlock;
        block.Except.ShouldBe(["169.254.169.254/32"]);
    }
}
