using KubeContainers.Operator.Configuration;
using KubeContainers.Operator.ManagedContainers;
using KubeContainers.Operator.ManagedContainers.Resources;

namespace KubeContainers.Operator.Tests.ManagedContainers.Resources;

public sealed class RuntimeClassResourceTests
{
    [Fact]
    public void A_profile_without_handler_has_none()
    {
        RuntimeClassResource.Make(new SandboxProfile { Name = "none" }).ShouldBeNull();
    }

    [Fact]
    public void It_is_shared_so_it_has_no_owner_and_only_our_label()
    {
        var runtimeClass = RuntimeClassResource.Make(new SandboxProfile { Name = "gvisor", Handler = "runsc" })!;
        runtimeClass.Metadata.Name.ShouldBe("kubecontainers-gvisor");
        runtimeClass.Metadata.NamespaceProperty.ShouldBeNull();
        runtimeClass.Metadata.OwnerReferences.ShouldBeNull();
        runtimeClass.Metadata.Labels.ShouldBe(new Dictionary<string, string> { [Labels.ManagedBy] = Labels.ManagedByValue });
        runtimeClass.Handler.ShouldBe("runsc");
        runtimeClass.Overhead.ShouldBeNull();
        runtimeClass.Scheduling.ShouldBeNull();
    }

    [Fact]
    public void Overhead_and_scheduling_come_from_the_profile()
    {
        var runtimeClass = RuntimeClassResource.Make(new SandboxProfile
        {
            Name = "kata",
            Handler = "kata-qemu",
            Overhead = new Dictionary<string, string> { ["memory"] = "160Mi", ["cpu"] = "250m" },
            NodeSelector = new Dictionary<string, string> { ["kata"] = "true" },
            Tolerations = ["sandbox=kata:NoSchedule", "dedicated"],
        })!;
        runtimeClass.Overhead.PodFixed.Keys.ShouldBe(["cpu", "memory"]);
        runtimeClass.Overhead.PodFixed["memory"].ToString().ShouldBe("160Mi");
        runtimeClass.Scheduling.NodeSelector.ShouldBe(new Dictionary<string, string> { ["kata"] = "true" });
        runtimeClass.Scheduling.Tolerations.Select(t => t.Key).ShouldBe(["sandbox", "dedicated"]);
    }

    [Theory]
    [InlineData("sandbox=kata:NoSchedule", "sandbox", "Equal", "kata", "NoSchedule")]
    [InlineData("sandbox:NoExecute", "sandbox", "Exists", null, "NoExecute")]
    [InlineData("sandbox", "sandbox", "Exists", null, null)]
    [InlineData("sandbox=kata", "sandbox", "Equal", "kata", null)]
    [InlineData("example.com/sandbox=kata:PreferNoSchedule", "example.com/sandbox", "Equal", "kata", "PreferNoSchedule")]
    public void Tolerations_parse_the_forms_kubectl_taint_uses(string text, string key, string op, string? value, string? effect)
    {
        var toleration = RuntimeClassResource.Toleration(text);
        toleration.Key.ShouldBe(key);
        toleration.OperatorProperty.ShouldBe(op);
        toleration.Value.ShouldBe(value);
        toleration.Effect.ShouldBe(effect);
    }
}
