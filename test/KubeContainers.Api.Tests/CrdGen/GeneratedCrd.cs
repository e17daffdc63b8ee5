using k8s.Models;
using KubeContainers.CrdGen;

namespace KubeContainers.Api.Tests.CrdGen;

/// <summary>The ManagedContainer CRD generated in memory, and helpers to find nodes of its schema.</summary>
internal static class GeneratedCrd
{
    public static V1CustomResourceDefinition Crd { get; } = CrdGenerator.Generate(typeof(V1Alpha1ManagedContainer));

    public static V1CustomResourceDefinitionVersion Version => Crd.Spec.Versions.Single();

    public static V1JSONSchemaProps Root => Version.Schema.OpenAPIV3Schema;

    /// <summary>A node by dotted path from the root; "[]" steps into list items or map values.</summary>
    public static V1JSONSchemaProps At(string path)
    {
        var node = Root;
        foreach (var step in path.Split('.'))
        {
            node = step == "[]"
                ? (V1JSONSchemaProps)(node.Items ?? node.AdditionalProperties)
                : node.Properties[step];
        }

        return node;
    }

    /// <summary>Every field of the schema, with its path, including those inside list items and map values.</summary>
    public static IEnumerable<(string Path, V1JSONSchemaProps Schema)> Fields()
    {
        return Walk(string.Empty, Root);

        static IEnumerable<(string, V1JSONSchemaProps)> Walk(string path, V1JSONSchemaProps node)
        {
            foreach (var (name, child) in node.Properties ?? new Dictionary<string, V1JSONSchemaProps>())
            {
                var childPath = path.Length == 0 ? name : $"{path}.{name}";
                yield return (childPath, child);
                foreach (var nested in Walk(childPath, child))
                {
                    yield return nested;
                }
            }

            foreach (var inner in new[] { node.Items, node.AdditionalProperties }.OfType<V1JSONSchemaProps>())
            {
                foreach (var nested in Walk(path + ".[]", inner))
                {
                    yield return nested;
                }
            }
        }
    }

    /// <summary>The one CEL rule at <paramref name="path"/> with that field path, else whose rule contains the text.</summary>
    public static V1ValidationRule Rule(string path, string fieldPathOrRuleFragment)
    {
        var rules = At(path).XKubernetesValidations ?? [];
        var byFieldPath = rules.Where(r => r.FieldPath == fieldPathOrRuleFragment).ToList();
        var matches = byFieldPath.Count > 0
            ? byFieldPath
            : [.. rules.Where(r => r.Rule.Contains(fieldPathOrRuleFragment, StringComparison.Ordinal))];
        matches.Count.ShouldBe(1, $"CEL rules at {path} matching '{fieldPathOrRuleFragment}'");
        return matches[0];
    }
}
