using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Server;

/// <summary>A kubeconfig for the local cluster, written as JSON (valid YAML) so kubectl and KubernetesClient read it.</summary>
public static class Kubeconfig
{
    public const string ContextName = "kubecontainers-local";

    /// <summary>
    /// A kubeconfig whose one user authenticates with the bearer <paramref name="token"/> (the admin token, or a service
    /// account's), trusting the server's CA when given (client-go sends the token only over https).
    /// </summary>
    public static string Render(Uri server, string token, string? certificateAuthorityPem = null) => new JsonObject
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Config",
        ["clusters"] = new JsonArray(new JsonObject
        {
            ["name"] = ContextName,
            ["cluster"] = certificateAuthorityPem is null
                ? new JsonObject { ["server"] = server.ToString().TrimEnd('/') }
                : new JsonObject
                {
                    ["server"] = server.ToString().TrimEnd('/'),
                    ["certificate-authority-data"] = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(certificateAuthorityPem)),
                },
        }),
        ["users"] = new JsonArray(new JsonObject
        {
            ["name"] = ContextName,
            ["user"] = new JsonObject { ["token"] = token },
        }),
        ["contexts"] = new JsonArray(new JsonObject
        {
            ["name"] = ContextName,
            ["context"] = new JsonObject { ["cluster"] = ContextName, ["user"] = ContextName, ["namespace"] = "default" },
        }),
        ["current-context"] = ContextName,
    }.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
}
