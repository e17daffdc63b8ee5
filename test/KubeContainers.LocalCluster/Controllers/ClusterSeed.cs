using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Controllers;

/// <summary>What a fresh cluster holds before anyone applies anything: the system namespaces.</summary>
internal static class ClusterSeed
{
    private const string Manager = "kube-apiserver";

    public static void Apply(ResourceService api, LocalClusterOptions options)
    {
        foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            api.Create(BuiltinResources.Namespaces, null, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Namespace",
                ["metadata"] = new JsonObject { ["name"] = ns },
            }, WriteOptions.System(Manager));
        }
    }
}
