using System.Text.RegularExpressions;

namespace KubeContainers.Runtime.Tests;

/// <summary>
/// make test-unit leaves out the test classes marked [ClusterTest]; one that starts a cluster or runs kubectl, helm
/// or node without the mark would make the fast run slow (or fail where those tools are missing). Read from the
/// sources of every test project, as the mark is a convention the compiler cannot check.
/// </summary>
public sealed partial class TestConventionTests
{
    [Fact]
    public void Every_test_class_that_needs_a_cluster_or_a_tool_is_marked_ClusterTest()
    {
        var unmarked = Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "test"), "*.cs", SearchOption.AllDirectories)
            .Where(f => Path.GetDirectoryName(f)!.Split(Path.DirectorySeparatorChar).Any(d => d.EndsWith(".Tests", StringComparison.Ordinal)))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (File: f, Text: File.ReadAllText(f)))
            .Where(f => TestMethod().IsMatch(f.Text) && NeedsCluster().IsMatch(f.Text) && !f.Text.Contains("[ClusterTest]", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(RepoPaths.Root, f.File))
            .ToList();

        unmarked.ShouldBeEmpty("these test classes start a cluster or run a tool: mark them [ClusterTest]");
    }

    [GeneratedRegex(@"\[(Fact|Theory)\b")]
    private static partial Regex TestMethod();

    /// <summary>What starts a cluster (in-process or the operator) or runs kubectl, helm, node or lua.</summary>
    [GeneratedRegex(@"LocalCluster\.StartAsync|TestCluster\.StartAsync|IClassFixture<|Kubectl|OperatorCluster|ParityCluster|ReliabilityCluster|LoadBalancerCluster|UpstreamSchema|ClusterFixture|DeployCluster|ClusterTestKit\.NewClient|OperatorProcess|ProcessStartInfo|BenchmarkRunner|""helm""|""node""|""lua")]
    private static partial Regex NeedsCluster();
}
