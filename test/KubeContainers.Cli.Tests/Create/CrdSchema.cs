using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeContainers.LocalCluster.Schema;

namespace KubeContainers.Cli.Tests.Create;

/// <summary>The checked-in CRD (crds/): its openAPIV3Schema and CEL rules, as the local apiserver checks them.</summary>
internal static class CrdSchema
{
    private static readonly Lazy<JsonObject> Schema = new(() =>
    {
        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(File.ReadAllText(RepoPaths.File("crds/kubecontainers.io_managedcontainers.yaml")));
        return JsonNode.Parse(KubernetesJson.Serialize(crd))!["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.AsObject();
    });

    /// <summary>Every error the apiserver would answer a create of <paramref name="obj"/> with.</summary>
    public static IReadOnlyList<string> Errors(JsonObject obj)
    {
        var errors = SchemaValidator.Validate(obj, Schema.Value).Select(e => e.ToString()).ToList();
        var (cel, _) = CelValidator.For(Schema.Value)!.Validate(obj, null);
        errors.AddRange(cel.Select(e => e.ToString()));
        return errors;
    }
}
