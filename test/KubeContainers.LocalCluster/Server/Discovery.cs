using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Server;

/// <summary>
/// Legacy (unaggregated) discovery documents. Clients that ask for aggregated discovery fall back to these
/// when the answer's content type is plain application/json, as client-go does.
/// </summary>
public static class Discovery
{
    private static readonly string[] AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
    private static readonly string[] SubresourceVerbs = ["get", "patch", "update"];

    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = "v1.32.0-kubecontainers-local",
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-01-01T00:00:00Z",
        ["goVersion"] = "go1.23",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject CoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject GroupList(ResourceRegistry registry) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray(registry.Groups().Where(g => g.Length > 0).Select(g => (JsonNode)Group(registry, g)).ToArray()),
    };

    public static JsonObject Group(ResourceRegistry registry, string group)
    {
        var versions = registry.Versions(group).Select(v => new JsonObject { ["groupVersion"] = $"{group}/{v}", ["version"] = v }).ToList();
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = group,
            ["versions"] = new JsonArray(versions.Select(v => (JsonNode)v).ToArray()),
            ["preferredVersion"] = versions[0].DeepClone(),
        };
    }

    public static JsonObject ResourceList(ResourceRegistry registry, string group, string version)
    {
        var resources = new JsonArray();
        foreach (var type in registry.All.Where(t => t.Group == group && t.Version == version))
        {
            var entry = new JsonObject
            {
                ["name"] = type.Plural,
                ["singularName"] = type.Singular,
                ["namespaced"] = type.Namespaced,
                ["kind"] = type.Kind,
                ["verbs"] = Strings(type.CreateOnly ? ["create"] : AllVerbs),
            };
            if (type.ShortNames is { Count: > 0 })
            {
                entry["shortNames"] = Strings(type.ShortNames);
            }

            if (type.Categories is { Count: > 0 })
            {
                entry["categories"] = Strings(type.Categories);
            }

            resources.Add(entry);
            if (type.HasScale)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = type.Plural + "/" + ScaleSubresource.Name,
                    ["singularName"] = "",
                    ["namespaced"] = type.Namespaced,
                    ["group"] = ScaleSubresource.ScaleKind.Group,
                    ["version"] = ScaleSubresource.ScaleKind.Version,
                    ["kind"] = ScaleSubresource.ScaleKind.Kind,
                    ["verbs"] = Strings(SubresourceVerbs),
                });
            }

            if (type == BuiltinResources.ServiceAccounts)
            {
                // The TokenRequest subresource (kubectl create token finds it here).
                resources.Add(new JsonObject
                {
                    ["name"] = "serviceaccounts/token",
                    ["singularName"] = "",
                    ["namespaced"] = true,
                    ["group"] = "authentication.k8s.io",
                    ["version"] = "v1",
                    ["kind"] = "TokenRequest",
                    ["verbs"] = Strings(["create"]),
                });
            }

            if (type == BuiltinResources.Pods)
            {
                // The kubelet's subresources, as kube-apiserver lists them.
                foreach (var (name, kind, verbs) in new[]
                {
                    ("pods/attach", "PodAttachOptions", new[] { "create", "get" }),
                    ("pods/exec", "PodExecOptions", ["create", "get"]),
                    ("pods/log", "Pod", ["get"]),
                })
                {
                    resources.Add(new JsonObject
                    {
                        ["name"] = name,
                        ["singularName"] = "",
                        ["namespaced"] = true,
                        ["kind"] = kind,
                        ["verbs"] = Strings(verbs),
                    });
                }
            }

            if (type.HasStatus)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = type.Plural + "/status",
                    ["singularName"] = "",
                    ["namespaced"] = type.Namespaced,
                    ["kind"] = type.Kind,
                    ["verbs"] = Strings(SubresourceVerbs),
                });
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }

    private static JsonArray Strings(IEnumerable<string> values) =>
        new(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());
}
