namespace KubeContainers.Api.Tests;

/// <summary>Which port is the HTTP one, the probed one and the load-balanced ones, as PortRules defines for admission.</summary>
public sealed class ManagedContainerPortsTests
{
    private static PortSpec Tcp(string name, int port, bool? http = null) => new() { Name = name, Port = port, Http = http };

    private static PortSpec Udp(string name, int port) => new() { Name = name, Port = port, Protocol = PortProtocols.Udp };

    private static ManagedContainerSpec Spec(params PortSpec[] ports) => new() { Image = "app", Ports = ports };

    [Fact]
    public void The_port_shorthand_is_one_tcp_http_port_named_http()
    {
        ManagedContainerPorts.All(new ManagedContainerSpec { Image = "app", Port = 8080 })
            .ShouldBe([new ManagedContainerPort("http", 8080, "TCP", Http: true)]);
    }

    [Fact]
    public void The_port_marked_http_is_the_http_port_and_the_protocol_defaults_to_tcp()
    {
        var spec = Spec(Tcp("grpc", 9999), Tcp("web", 9898, http: true), Udp("stats", 8125));

        ManagedContainerPorts.Http(spec)!.Name.ShouldBe("web");
        ManagedContainerPorts.All(spec).Select(p => p.Protocol).ShouldBe(["TCP", "TCP", "UDP"]);
        ManagedContainerPorts.Probed(spec)!.Name.ShouldBe("web");
    }

    [Fact]
    public void The_only_tcp_port_is_the_http_port_unless_it_says_false()
    {
        ManagedContainerPorts.Http(Spec(Tcp("web", 80), Udp("dns", 53)))!.Name.ShouldBe("web");
        ManagedContainerPorts.Http(Spec(Tcp("redis", 6379, http: false))).ShouldBeNull();
        ManagedContainerPorts.Http(Spec(Tcp("a", 1), Tcp("b", 2))).ShouldBeNull();
    }

    [Fact]
    public void Without_an_http_port_the_first_tcp_port_is_probed_and_udp_alone_is_not()
    {
        ManagedContainerPorts.Probed(Spec(Udp("dns", 53), Tcp("a", 1), Tcp("b", 2)))!.Name.ShouldBe("a");
        ManagedContainerPorts.Probed(Spec(Udp("dns", 53))).ShouldBeNull();
        ManagedContainerDefaults.EffectiveHealthCheck(Spec(Udp("dns", 53))).ShouldBeNull();
        ManagedContainerDefaults.EffectiveHealthCheck(Spec(Tcp("redis", 6379, http: false)))!.Type.ShouldBe(HealthCheckTypes.Tcp);
    }

    [Fact]
    public void Ingress_defaults_to_public_with_an_http_port_private_with_other_ports_and_none_without()
    {
        ManagedContainerDefaults.EffectiveIngress(Spec(Tcp("web", 80))).ShouldBe(IngressModes.Public);
        ManagedContainerDefaults.EffectiveIngress(Spec(Tcp("redis", 6379, http: false))).ShouldBe(IngressModes.Private);
        ManagedContainerDefaults.EffectiveIngress(Spec(Udp("dns", 53))).ShouldBe(IngressModes.Private);
        ManagedContainerDefaults.EffectiveIngress(new ManagedContainerSpec { Image = "app" }).ShouldBe(IngressModes.None);
    }

    [Fact]
    public void The_load_balancer_carries_every_port_but_the_http_one_and_only_when_asked()
    {
        var spec = Spec(Tcp("web", 80, http: true), Tcp("game", 7777), Udp("voice", 7778));

        ManagedContainerPorts.LoadBalanced(spec).ShouldBeEmpty();
        spec.Networking = new NetworkingSpec { LoadBalancer = true };
        ManagedContainerPorts.LoadBalanced(spec).Select(p => p.Name).ShouldBe(["game", "voice"]);
    }
}
