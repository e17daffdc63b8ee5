using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Controllers.Kubelet.Exec;

/// <summary>A container's environment, as the kubelet makes it and containerd completes it.</summary>
internal sealed partial class ContainerSandbox
{
    private const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>
    /// The kubelet's environment (service links, then envFrom, then env with <c>$(VAR)</c> expansion), behind what
    /// containerd sets: the image's PATH and HOSTNAME first, HOME last.
    /// </summary>
    private void ResolveEnvironment(ResourceService api, JsonObject pod, JsonObject container)
    {
        var ns = pod.Namespace();
        var kubelet = new List<KeyValuePair<string, string>>();
        var defined = new Dictionary<string, string>(StringComparer.Ordinal);
        void Define(string name, string value)
        {
            kubelet.RemoveAll(kv => kv.Key == name);
            kubelet.Add(new(name, value));
            defined[name] = value;
        }

        foreach (var source in container.Objects("envFrom"))
        {
            var prefix = source.Str("prefix") ?? "";
            var data = source.ObjectAt("configMapRef") is { } configMapRef
                ? ConfigMapData(api.TryGet(BuiltinResources.ConfigMaps, ns, configMapRef.Str("name") ?? ""))
                : source.ObjectAt("secretRef") is { } secretRef
                    ? SecretData(api.TryGet(BuiltinResources.Secrets, ns, secretRef.Str("name") ?? ""))
                    : [];
            foreach (var (key, value) in data)
            {
                if (EnvName().IsMatch(prefix + key))
                {
                    Define(prefix + key, value);
                }
            }
        }

        foreach (var variable in container.Objects("env"))
        {
            var name = variable.Str("name") ?? "";
            if (variable.ObjectAt("valueFrom") is not { } from)
            {
                Define(name, Expand(variable.Str("value") ?? "", defined));
                continue;
            }

            if (ValueFrom(api, pod, container, from) is { } value)
            {
                Define(name, value);
            }
        }

        Environment.Add(new("PATH", DefaultPath));
        Environment.Add(new("HOSTNAME", Hostname));
        Environment.AddRange(kubelet);
        foreach (var (name, value) in ServiceLinks(api, pod))
        {
            if (!defined.ContainsKey(name))
            {
                Environment.Add(new(name, value));
            }
        }

        if (!defined.ContainsKey("HOME"))
        {
            Environment.Add(new("HOME", "/root"));
        }
    }

    /// <summary>A <c>valueFrom</c>: the downward API's fields, a ConfigMap or Secret key (an optional one that is missing: no variable), a resource.</summary>
    private static string? ValueFrom(ResourceService api, JsonObject pod, JsonObject container, JsonObject from)
    {
        var ns = pod.Namespace();
        if (from.ObjectAt("fieldRef") is { } fieldRef)
        {
            var path = fieldRef.Str("fieldPath") ?? "";
            var labelOrAnnotation = Regex.Match(path, @"^metadata\.(labels|annotations)\['(.+)'\]$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            if (labelOrAnnotation.Success)
            {
                return pod.Metadata().StringMap(labelOrAnnotation.Groups[1].Value).GetValueOrDefault(labelOrAnnotation.Groups[2].Value) ?? "";
            }

            return path switch
            {
                "metadata.name" => pod.Name(),
                "metadata.namespace" => ns ?? "",
                "metadata.uid" => pod.Uid(),
                "spec.nodeName" => pod.ObjectAt("spec").Str("nodeName") ?? "",
                "spec.serviceAccountName" => pod.ObjectAt("spec").Str("serviceAccountName") ?? "",
                "status.hostIP" => pod.ObjectAt("status").Str("hostIP") ?? "",
                "status.podIP" => pod.ObjectAt("status").Str("podIP") ?? "",
                _ => "",
            };
        }

        if (from.ObjectAt("configMapKeyRef") is { } configMapKey)
        {
            return ConfigMapData(api.TryGet(BuiltinResources.ConfigMaps, ns, configMapKey.Str("name") ?? "")).GetValueOrDefault(configMapKey.Str("key") ?? "");
        }

        if (from.ObjectAt("secretKeyRef") is { } secretKey)
        {
            return SecretData(api.TryGet(BuiltinResources.Secrets, ns, secretKey.Str("name") ?? "")).GetValueOrDefault(secretKey.Str("key") ?? "");
        }

        if (from.ObjectAt("resourceFieldRef") is { } resource)
        {
            // Simplified: the quantity as written in the container's limits (else requests), without the divisor.
            var parts = (resource.Str("resource") ?? "").Split('.', 2);
            return parts.Length == 2 ? container.ObjectAt("resources").ObjectAt(parts[0]).Str(parts[1]) ?? "0" : "0";
        }

        return null;
    }

    /// <summary>$(VAR) of a variable defined before (or of a service link), $$(VAR) escaped; an unknown reference stays as written.</summary>
    private static string Expand(string value, Dictionary<string, string> defined) =>
        Reference().Replace(value, m => m.Value.StartsWith("$$", StringComparison.Ordinal)
            ? m.Value[1..]
            : defined.TryGetValue(m.Groups[1].Value, out var found) ? found : m.Value);

    /// <summary>
    /// The Docker-links variables of the services a pod sees (enableServiceLinks, the default): those of its namespace
    /// with a cluster IP, and <c>KUBERNETES_*</c> for the API server's service, which every pod gets.
    /// </summary>
    private static IEnumerable<KeyValuePair<string, string>> ServiceLinks(ResourceService api, JsonObject pod)
    {
        var services = new List<(string Name, string Ip, JsonObject Port)>
        {
            ("kubernetes", "10.96.0.1", new JsonObject { ["name"] = "https", ["port"] = 443, ["protocol"] = "TCP" }),
        };
        if (pod.ObjectAt("spec").Bool("enableServiceLinks") != false)
        {
            foreach (var service in api.List(BuiltinResources.Services, pod.Namespace(), new ListOptions()).Items.Select(i => i.ToJsonObject()))
            {
                var ip = service.ObjectAt("spec").Str("clusterIP");
                if (ip is { Length: > 0 } && ip != "None" && service.ObjectAt("spec").Objects("ports").FirstOrDefault() is { } first)
                {
                    services.Add((service.Name(), ip, first));
                }
            }
        }

        foreach (var (name, ip, port) in services.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            var prefix = name.ToUpperInvariant().Replace('-', '_');
            var number = port.Long("port") ?? 0;
            var protocol = (port.Str("protocol") ?? "TCP").ToLowerInvariant();
            var url = $"{protocol}://{ip}:{number}";
            var portPrefix = $"{prefix}_PORT_{number}_{protocol.ToUpperInvariant()}";
            yield return new($"{prefix}_SERVICE_HOST", ip);
            yield return new($"{prefix}_SERVICE_PORT", $"{number}");
            if (port.Str("name") is { Length: > 0 } portName)
            {
                yield return new($"{prefix}_SERVICE_PORT_{portName.ToUpperInvariant().Replace('-', '_')}", $"{number}");
            }

            yield return new($"{prefix}_PORT", url);
            yield return new(portPrefix, url);
            yield return new($"{portPrefix}_PROTO", protocol);
            yield return new($"{portPrefix}_PORT", $"{number}");
            yield return new($"{portPrefix}_ADDR", ip);
        }
    }

    [GeneratedRegex(@"^[-._a-zA-Z][-._a-zA-Z0-9]*$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvName();

    [GeneratedRegex(@"\$?\$\(([-._a-zA-Z][-._a-zA-Z0-9]*)\)", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();
}
