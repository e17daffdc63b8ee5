using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace KubeContainers.LocalCluster.Tests.Schema;

/// <summary>The repository's ManagedContainer CRD (crds/), as JSON.</summary>
internal static class ProjectCrd
{
    private static readonly Lazy<JsonObject> Definition = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "crds", "kubecontainers.io_managedcontainers.yaml")))
        {
            dir = dir.Parent;
        }

        var path = Path.Combine(dir?.FullName ?? throw new FileNotFoundException("crds/ not found above the test binaries"), "crds", "kubecontainers.io_managedcontainers.yaml");
        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(File.ReadAllText(path));
        return JsonNode.Parse(KubernetesJson.Serialize(crd))!.AsObject();
    });

    /// <summary>A copy of the whole CRD.</summary>
    public static JsonObject Json => Definition.Value.DeepClone().AsObject();

    /// <summary>A copy of the v1alpha1 openAPIV3Schema.</summary>
    public static JsonObject Schema => Definition.Value["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.DeepClone().AsObject();
}
