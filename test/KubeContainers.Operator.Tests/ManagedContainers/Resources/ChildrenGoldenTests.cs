using KubeContainers.Operator.Configuration;
using KubeContainers.Operator.ManagedContainers.Resources;
using KubeContainers.Operator.Tests.Support;

namespace KubeContainers.Operator.Tests.ManagedContainers.Resources;

/// <summary>Everything each representative ManagedContainer becomes, as reviewed YAML (<c>UPDATE_GOLDEN=1</c> rewrites).</summary>
public sealed class ChildrenGoldenTests
{
    [Theory]
    [MemberData(nameof(Cases.Names), MemberType = typeof(Cases))]
    public void Children_match_the_golden_file(string name)
    {
        Golden.Verify(Golden.Yaml(Cases.Children(Cases.All[name])), name);
    }

    [Fact]
    public void Runtime_classes_of_the_default_profiles_match_the_golden_file()
    {
        var profiles = OperatorSettings.DefaultProfiles().Values.OrderBy(p => p.Name, StringComparer.Ordinal);
        Golden.Verify(Golden.Yaml(profiles.Select(p => ("RuntimeClass " + p.Name, (object?)RuntimeClassResource.Make(p)))), "runtime-classes");
    }
}
