using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Controllers;
using KubeContainers.LocalCluster.Controllers.Networking;
using KubeContainers.LocalCluster.Controllers.Nodes;
using KubeContainers.LocalCluster.Controllers.Storage;
using YamlDotNet.RepresentationModel;

namespace KubeContainers.LocalCluster;

/// <summary>
/// A cluster shape from a file (<c>--config FILE</c>, JSON or YAML): node pools with the runtime handlers they run
/// (and those they run without reporting, as on Kubernetes 1.30), StorageClasses, and the ingress controller. What the
/// file leaves out keeps the stock shape (three runc nodes, kind's <c>standard</c> class, ingress-nginx publishing
/// 127.0.0.1). Every unknown field or bad value is refused naming its path. See README.md, "Cluster shapes".
/// </summary>
public static class LocalClusterConfig
{
    private static readonly string[] TopFields = ["nodePools", "storageClasses", "ingress", "loadBalancer"];
    private static readonly string[] LoadBalancerFields = ["addresses"];
    private static readonly string[] PoolFields = ["name", "count", "arch", "cpu", "memory", "gpus", "pods", "labels", "taints", "runtimeHandlers", "unreportedRuntimeHandlers", "reportsRuntimeHandlers"];
    private static readonly string[] ClassFields = ["name", "provisioner", "volumeBindingMode", "allowVolumeExpansion", "default", "reclaimPolicy"];
    private static readonly string[] IngressFields = ["className", "controller", "default", "address"];

    /// <summary>The options of <paramref name="path"/> on top of <paramref name="options"/>.</summary>
    public static LocalClusterOptions Load(string path, LocalClusterOptions? options = null) =>
        Parse(File.ReadAllText(path), options ?? new LocalClusterOptions(), path);

    /// <summary>The options a config text describes on top of <paramref name="options"/>.</summary>
    public static LocalClusterOptions Parse(string text, LocalClusterOptions options, string source = "config")
    {
        var root = (text.TrimStart().StartsWith('{') ? JsonText(text, source) : YamlText(text, source)) as JsonObject
            ?? throw new ArgumentException($"{source}: must be an object with {string.Join(", ", TopFields)}");
        Known(root, TopFields, "");
        var result = options;
        if (root["nodePools"] is { } pools)
        {
            var nodes = Array(pools, "nodePools").SelectMany((p, i) => Pool(p, $"nodePools[{i}]")).ToList();
            if (nodes.GroupBy(n => n.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
            {
                throw new ArgumentException($"nodePools: Duplicate value: \"{duplicate.Key}\": two pools name the same node");
            }

            result = result with { Nodes = nodes };
        }

        if (root["storageClasses"] is { } classes)
        {
            var specs = Array(classes, "storageClasses").Select((c, i) => StorageClass(c, $"storageClasses[{i}]")).ToList();
            if (specs.Count(s => s.IsDefault) > 1)
            {
                throw new ArgumentException("storageClasses: Invalid value: more than one class is the default");
            }

            result = result with { StorageClasses = specs };
        }

        if (root["ingress"] is { } ingressNode)
        {
            var ingress = Object(ingressNode, "ingress");
            Known(ingress, IngressFields, "ingress.");
            result = result with
            {
                IngressClassName = ingress.ContainsKey("className") ? OptionalString(ingress["className"], "ingress.className") : result.IngressClassName,
                IngressController = String(ingress["controller"], "ingress.controller") ?? result.IngressController,
                IngressClassIsDefault = Bool(ingress["default"], "ingress.default") ?? result.IngressClassIsDefault,
                IngressAddress = ingress.ContainsKey("address") ? OptionalString(ingress["address"], "ingress.address") : result.IngressAddress,
            };
        }

        if (root["loadBalancer"] is { } loadBalancerNode)
        {
            // Off unless named: stock kind has no load balancer controller.
            var loadBalancer = Object(loadBalancerNode, "loadBalancer");
            Known(loadBalancer, LoadBalancerFields, "loadBalancer.");
            var addresses = String(loadBalancer["addresses"], "loadBalancer.addresses") ?? throw new ArgumentException("loadBalancer.addresses: Required value");
            try
            {
                LoadBalancerPool.Parse(addresses);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"loadBalancer.addresses: Invalid value: {e.Message}", e);
            }

            result = result with { LoadBalancerAddresses = addresses };
        }

        return result;
    }

    /// <summary>A pool's nodes: <c>name</c> alone when count is 1 (the default), else <c>name-1</c> … <c>name-N</c>.</summary>
    private static IEnumerable<NodeSpec> Pool(JsonNode node, string path)
    {
        var pool = Object(node, path);
        Known(pool, PoolFields, path + ".");
        var name = String(pool["name"], path + ".name") ?? throw new ArgumentException($"{path}.name: Required value");
        var count = Int(pool["count"], path + ".count") ?? 1;
        if (count < 1)
        {
            throw new ArgumentException($"{path}.count: Invalid value: {count}: must be at least 1");
        }

        var handlers = Strings(pool["runtimeHandlers"], path + ".runtimeHandlers");
        var reported = NodeSpec.StandardRuntimeHandlers.Concat(handlers.Select(Handler)).ToList();
        var unreported = Strings(pool["unreportedRuntimeHandlers"], path + ".unreportedRuntimeHandlers");
        if (Bool(pool["reportsRuntimeHandlers"], path + ".reportsRuntimeHandlers") == false)
        {
            // Kubernetes 1.30: status.runtimeHandlers is dropped, so every handler runs unreported.
            unreported = [.. reported.Select(h => h.Name).Where(n => n.Length > 0), .. unreported];
            reported = [];
        }

        var labels = pool["labels"] is { } l ? Object(l, path + ".labels").ToDictionary(kv => kv.Key, kv => String(kv.Value, $"{path}.labels.{kv.Key}") ?? "", StringComparer.Ordinal) : null;
        var arch = String(pool["arch"], path + ".arch") ?? "amd64";
        if (arch is not ("amd64" or "arm64"))
        {
            throw new ArgumentException($"{path}.arch: Unsupported value: \"{arch}\": supported values: \"amd64\", \"arm64\"");
        }

        for (var i = 1; i <= count; i++)
        {
            yield return new NodeSpec(
                count == 1 ? name : $"{name}-{i}",
                Arch: arch,
                Cpu: String(pool["cpu"], path + ".cpu") ?? "8",
                Memory: String(pool["memory"], path + ".memory") ?? "32Gi",
                Gpus: Int(pool["gpus"], path + ".gpus") ?? 0,
                Pods: Int(pool["pods"], path + ".pods") ?? 110,
                Labels: labels,
                Taints: Strings(pool["taints"], path + ".taints"),
                RuntimeHandlers: reported,
                UnreportedRuntimeHandlers: unreported);
        }
    }

    /// <summary>A handler by name, with the features containerd reports for it (only runc's are true).</summary>
    private static NodeRuntimeHandler Handler(string name) => name switch
    {
        "" => NodeRuntimeHandler.Default,
        "runc" => NodeRuntimeHandler.Runc,
        _ => new NodeRuntimeHandler(name),
    };

    private static StorageClassSpec StorageClass(JsonNode node, string path)
    {
        var spec = Object(node, path);
        Known(spec, ClassFields, path + ".");
        var mode = String(spec["volumeBindingMode"], path + ".volumeBindingMode") ?? StorageClassSpec.WaitForFirstConsumer;
        if (mode is not (StorageClassSpec.WaitForFirstConsumer or StorageClassSpec.Immediate))
        {
            throw new ArgumentException($"{path}.volumeBindingMode: Unsupported value: \"{mode}\": supported values: \"Immediate\", \"WaitForFirstConsumer\"");
        }

        return new StorageClassSpec(
            String(spec["name"], path + ".name") ?? throw new ArgumentException($"{path}.name: Required value"),
            Provisioner: String(spec["provisioner"], path + ".provisioner") ?? "rancher.io/local-path",
            VolumeBindingMode: mode,
            AllowVolumeExpansion: Bool(spec["allowVolumeExpansion"], path + ".allowVolumeExpansion") ?? false,
            IsDefault: Bool(spec["default"], path + ".default") ?? false,
            ReclaimPolicy: String(spec["reclaimPolicy"], path + ".reclaimPolicy") ?? "Delete");
    }

    private static void Known(JsonObject obj, string[] fields, string prefix)
    {
        if (obj.Select(kv => kv.Key).FirstOrDefault(k => !fields.Contains(k, StringComparer.Ordinal)) is { } unknown)
        {
            throw new ArgumentException($"{prefix}{unknown}: unknown field (known: {string.Join(", ", fields)})");
        }
    }

    private static JsonObject Object(JsonNode node, string path) =>
        node as JsonObject ?? throw new ArgumentException($"{path}: must be an object");

    private static List<JsonNode> Array(JsonNode node, string path) =>
        node is JsonArray array ? [.. array.Select((n, i) => n ?? throw new ArgumentException($"{path}[{i}]: must not be null"))] : throw new ArgumentException($"{path}: must be a list");

    private static List<string> Strings(JsonNode? node, string path) =>
        node is null ? [] : [.. Array(node, path).Select((n, i) => String(n, $"{path}[{i}]") ?? "")];

    private static string? String(JsonNode? node, string path) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        _ => throw new ArgumentException($"{path}: must be a string"),
    };

    /// <summary>A string, where null (or YAML's <c>~</c>/<c>null</c>) means "none".</summary>
    private static string? OptionalString(JsonNode? node, string path) => String(node, path) is { Length: > 0 } s ? s : null;

    private static int? Int(JsonNode? node, string path) =>
        String(node, path) is { } s
            ? int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : throw new ArgumentException($"{path}: Invalid value: \"{s}\": must be a whole number")
            : null;

    private static bool? Bool(JsonNode? node, string path) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is "true" or "false" => v.GetValue<string>() == "true",
        _ => throw new ArgumentException($"{path}: must be true or false"),
    };

    private static JsonNode? JsonText(string text, string source)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{source}: not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>YAML as JSON: mappings, sequences, and scalars as strings (quoted or not), <c>~</c>/<c>null</c>/empty as null.</summary>
    private static JsonNode? YamlText(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new ArgumentException($"{source}: not valid YAML: {e.Message}", e);
        }

        return stream.Documents.Count == 0 ? new JsonObject() : Convert(stream.Documents[0].RootNode);
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? "", Convert(kv.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(Convert)]),
        YamlScalarNode scalar when scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" => null,
        YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? ""),
        _ => null,
    };
}
