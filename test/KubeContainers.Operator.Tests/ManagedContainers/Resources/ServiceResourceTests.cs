using KubeContainers.Api;
using KubeContainers.Operator.ManagedContainers;
using KubeContainers.Operator.ManagedContainers.Resources;

namespace KubeContainers.Operator.Tests.ManagedContainers.Resources;

public sealed class ServiceResourceTests
{
    [Fact]
    public void There_is_none_without_a_port()
    {
        ServiceResource.Make(Cases.Input(new ManagedContainerSpec { Image = "worker" })).ShouldBeNull();
    }

    [Theory]
    [InlineData(IngressModes.Public)]
    [InlineData(IngressModes.Private)]
    [InlineData(IngressModes.None)]
    public void It_is_a_cluster_ip_service_on_the_named_port_whatever_the_ingress(string ingress)
    {
        var input = Cases.Input(new ManagedContainerSpec { Image = "nginx", Port = 8080, Networking = new() { Ingress = ingress } });
        var service = ServiceResource.Make(input)!;
        service.ApiVersion.ShouldBe("v1");
        service.Kind.ShouldBe("Service");
        service.Spec.Type.ShouldBe("ClusterIP");
        service.Spec.Selector.ShouldBe(Labels.Selector("app"));
        var port = service.Spec.Ports.ShouldHaveSingleItem();
        port.Port.ShouldBe(8080);
        port.Name.ShouldBe(Names.HttpPort);
        port.Protocol.ShouldBe("TCP");
        port.TargetPort.Value.ShouldBe(Names.HttpPort);
        service.Metadata.OwnerReferences.ShouldHaveSingleItem();
    }
}
