using Xunit.v3;

namespace KubeContainers.Testing;

/// <summary>
/// Marks a test class that starts a cluster (the in-process local cluster, the operator process) or runs kubectl,
/// helm or node: trait <c>Category=Cluster</c>. <c>make test-unit</c> leaves these out; <c>make test</c> runs all.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class ClusterTestAttribute : Attribute, ITraitAttribute
{
    public const string Category = "Category";

    public const string Cluster = "Cluster";

    public IReadOnlyCollection<KeyValuePair<string, string>> GetTraits() => [new(Category, Cluster)];
}
