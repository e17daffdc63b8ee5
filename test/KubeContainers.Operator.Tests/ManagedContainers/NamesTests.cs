using KubeContainers.Operator.ManagedContainers;

namespace KubeContainers.Operator.Tests.ManagedContainers;

public sealed class NamesTests
{
    [Fact]
    public void Runtime_class_names_are_prefixed_so_they_never_take_an_admins_name()
    {
        Names.RuntimeClass("gvisor").ShouldBe("kubecontainers-gvisor");
        Names.Claim("web", "data").ShouldBe("web-data");
    }
}
