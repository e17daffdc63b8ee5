using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Server;

/// <summary>A kubeconfig for the local cluster, written as JSON (valid YAML) so kubectl and KubernetesClient read it.</summary>
public static class Kubeconfig
{
    public const string ContextName = "kubecontainers-local";

    public static string Render(Uri server) => new JsonObject
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Config",
        ["clusters"] = new JsonArray(new JsonObject
        {
            ["name"] = ContextName,
            ["cluster"] = new JsonObject { ["server"] = server.ToString().TrimEnd('/') },
        }),
        ["users"] = new JsonArray(new JsonObject
        {
            ["name"] = ContextName,
            // The server does not authenticate; a token keeps clients from prompting for credentials.
            ["user"] = new JsonObject { ["token"] = "local" },
        }),
        ["contexts"] = new JsonArray(new JsonObject
        {
            ["name"] = ContextName,
            ["context"] = new JsonObject { ["cluster"] = ContextName, ["user"] = ContextName, ["namespace"] = "default" },
        }),
        ["current-context"] = ContextName,
    }.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
}
