using System.Text.RegularExpressions;
using KubeContainers.Operator.Tests.Support;

namespace KubeContainers.Operator.Tests.WholeSystem;

/// <summary>
/// Every YAML example in the README that holds a ManagedContainer, applied unchanged with kubectl (with whatever
/// else the block holds: a Secret, a ConfigMap) to the strict local cluster with the real operator: each
/// ManagedContainer of the block must become Ready. What the README shows a user is what works.
/// </summary>
[ClusterTest]
public sealed partial class ReadmeExampleSystemTests(OperatorCluster cluster) : IClassFixture<OperatorCluster>
{
    /// <summary>The README's yaml blocks that declare a ManagedContainer, by their position among all yaml blocks.</summary>
    public static TheoryData<int> Examples
    {
        get
        {
            var examples = new TheoryData<int>();
            var blocks = Blocks();
            for (var i = 0; i < blocks.Count; i++)
            {
                if (blocks[i].Contains("kind: ManagedContainer", StringComparison.Ordinal))
                {
                    examples.Add(i);
                }
            }

            return examples;
        }
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task The_example_applies_unchanged_and_becomes_ready(int block)
    {
        var yaml = Blocks()[block];
        var ns = await cluster.NamespaceAsync($"readme-{block}");

        (await cluster.Kubectl.RunAsync($"apply -n {ns} -f -", yaml)).ShouldSucceed();

        foreach (var name in ManagedContainerNames(yaml))
        {
            await cluster.WaitReadyAsync(ns, name);
        }
    }

    [Fact]
    public void The_readme_has_examples_to_check() => Examples.Count.ShouldBeGreaterThan(0);

    private static List<string> Blocks() =>
        [.. YamlBlock().Matches(File.ReadAllText(RepoPaths.File("README.md"))).Select(m => m.Groups[1].Value)];

    /// <summary>metadata.name of each ManagedContainer document in the block.</summary>
    private static IEnumerable<string> ManagedContainerNames(string yaml) =>
        yaml.Split("\n---", StringSplitOptions.RemoveEmptyEntries)
            .Where(d => d.Contains("kind: ManagedContainer", StringComparison.Ordinal))
            .Select(d => MetadataName().Match(d).Groups[1].Value);

    [GeneratedRegex("```yaml\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();

    [GeneratedRegex("(?m)^metadata:\\s*\\n\\s+name:\\s*(\\S+)")]
    private static partial Regex MetadataName();
}
