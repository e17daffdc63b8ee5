using KubeContainers.Runtime.Client;

namespace KubeContainers.Runtime.Tests;

public sealed class ArchitectureTests
{
    [Fact]
    public void The_runtime_references_no_KubeContainers_Api_assembly()
    {
        var references = typeof(IKubeClient).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        references.ShouldContain("KubernetesClient");
        references.ShouldNotContain(n => n!.StartsWith("KubeContainers.Api", StringComparison.Ordinal));
        references.ShouldNotContain(n => n!.StartsWith("KubeContainers.Operator", StringComparison.Ordinal));
    }
}
