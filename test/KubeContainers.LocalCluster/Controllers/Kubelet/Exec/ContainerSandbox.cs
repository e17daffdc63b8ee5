using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers.Kubelet.Images;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Controllers.Kubelet.Exec;

/// <summary>
/// What a process in a container sees, read from the API when it is asked: its environment as the kubelet resolves it
/// (makeEnvironmentVariables) and the runtime completes it, its hostname, and the files of its configMap, secret and
/// emptyDir mounts (whole volumes, <c>items</c>, and <c>subPath</c> mounts of one key), with the few files every
/// container has (<c>/etc/hostname</c>). Whether its tools are BusyBox's (alpine, busybox) or GNU's and dash's
/// decides how they word their errors.
/// </summary>
internal sealed partial class ContainerSandbox
{
    private const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static readonly string[] RootDirectories = ["bin", "dev", "etc", "home", "lib", "proc", "root", "run", "sbin", "sys", "tmp", "usr", "var"];
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _directories = new(StringComparer.Ordinal) { "/" };

    private ContainerSandbox(string hostname, ImageMetadata image, bool busybox, string workingDir)
    {
        Hostname = hostname;
        Image = image;
        Busybox = busybox;
        WorkingDir = workingDir;
        foreach (var directory in RootDirectories)
        {
            _directories.Add("/" + directory);
        }

        AddFile("/etc/hostname", hostname + "\n");
    }

    public string Hostname { get; }

    public ImageMetadata Image { get; }

    /// <summary>BusyBox's tools and ash (alpine, busybox); otherwise GNU coreutils and dash (debian and most images).</summary>
    public bool Busybox { get; }

    public string WorkingDir { get; }

    public List<KeyValuePair<string, string>> Environment { get; } = [];

    public static ContainerSandbox For(ResourceService api, JsonObject pod, JsonObject container, LocalClusterOptions options)
    {
        var imageName = container.Str("image") ?? "";
        var image = ImageCatalogue.For(imageName, options.Images);
        var repository = ImageReference.Parse(imageName);
        var busybox = repository.ShortRepository is "busybox" or "alpine" || (repository.Tag ?? "").Contains("alpine", StringComparison.Ordinal);
        var sandbox = new ContainerSandbox(pod.Name(), image, busybox, container.Str("workingDir") is { Length: > 0 } dir ? dir : "/");
        sandbox.ResolveEnvironment(api, pod, container);
        sandbox.MountVolumes(api, pod, container);
        return sandbox;
    }

    public string? Variable(string name) => Environment.LastOrDefault(kv => kv.Key == name).Value;

    public string? ReadFile(string path) => _files.GetValueOrDefault(Normalize(path));

    public bool IsDirectory(string path) => _directories.Contains(Normalize(path));

    /// <summary>The names directly under a directory, sorted as ls sorts them.</summary>
    public IReadOnlyList<string> List(string directory)
    {
        var prefix = Normalize(directory).TrimEnd('/') + "/";
        return _files.Keys.Concat(_directories)
            .Where(p => p.Length > prefix.Length && p.StartsWith(prefix, StringComparison.Ordinal))
            .Select(p => p[prefix.Length..].Split('/')[0])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>A path made absolute against the working directory, without <c>.</c>, <c>..</c> or repeated slashes.</summary>
    public string Normalize(string path)
    {
        var absolute = path.StartsWith('/') ? path : WorkingDir.TrimEnd('/') + "/" + path;
        var parts = new List<string>();
        foreach (var part in absolute.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        return "/" + string.Join('/', parts);
    }

    private void AddFile(string path, string content)
    {
        var normalized = Normalize(path);
        _files[normalized] = content;
        AddDirectory(normalized[..normalized.LastIndexOf('/')]);
    }

    private void AddDirectory(string path)
    {
        var current = "";
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current += "/" + part;
            _directories.Add(current);
        }
    }

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

    /// <summary>The files of the container's configMap, secret and emptyDir mounts, as the kubelet's volume plugins write them.</summary>
    private void MountVolumes(ResourceService api, JsonObject pod, JsonObject container)
    {
        var ns = pod.Namespace();
        var volumes = pod.ObjectAt("spec").Objects("volumes").ToDictionary(v => v.Str("name") ?? "", StringComparer.Ordinal);
        foreach (var mount in container.Objects("volumeMounts"))
        {
            if (!volumes.TryGetValue(mount.Str("name") ?? "", out var volume) || mount.Str("mountPath") is not { Length: > 0 } mountPath)
            {
                continue;
            }

            Dictionary<string, string> files;
            if (volume.ObjectAt("configMap") is { } configMap)
            {
                files = Project(ConfigMapData(api.TryGet(BuiltinResources.ConfigMaps, ns, configMap.Str("name") ?? "")), configMap);
            }
            else if (volume.ObjectAt("secret") is { } secret)
            {
                files = Project(SecretData(api.TryGet(BuiltinResources.Secrets, ns, secret.Str("secretName") ?? "")), secret);
            }
            else
            {
                files = [];
            }

            if (mount.Str("subPath") is { Length: > 0 } subPath)
            {
                // A subPath mount of one file of the volume puts that file at mountPath.
                if (files.TryGetValue(subPath, out var single))
                {
                    AddFile(mountPath, single);
                }
                else
                {
                    AddDirectory(Normalize(mountPath));
                }

                continue;
            }

            AddDirectory(Normalize(mountPath));
            foreach (var (path, content) in files)
            {
                AddFile(mountPath.TrimEnd('/') + "/" + path, content);
            }
        }
    }

    /// <summary>The volume's files: every key, or only the <c>items</c> at their paths.</summary>
    private static Dictionary<string, string> Project(Dictionary<string, string> data, JsonObject source)
    {
        if (!source.Objects("items").Any())
        {
            return data;
        }

        var projected = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in source.Objects("items"))
        {
            if (data.TryGetValue(item.Str("key") ?? "", out var content))
            {
                projected[item.Str("path") ?? item.Str("key") ?? ""] = content;
            }
        }

        return projected;
    }

    private static Dictionary<string, string> ConfigMapData(JsonObject? configMap)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in configMap.ObjectAt("data") ?? [])
        {
            data[key] = value?.ToString() ?? "";
        }

        foreach (var (key, value) in configMap.ObjectAt("binaryData") ?? [])
        {
            data[key] = Decode(value?.ToString());
        }

        return data;
    }

    private static Dictionary<string, string> SecretData(JsonObject? secret)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in secret.ObjectAt("data") ?? [])
        {
            data[key] = Decode(value?.ToString());
        }

        foreach (var (key, value) in secret.ObjectAt("stringData") ?? [])
        {
            data[key] = value?.ToString() ?? "";
        }

        return data;
    }

    private static string Decode(string? base64)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64 ?? ""));
        }
        catch (FormatException)
        {
            return "";
        }
    }

    [GeneratedRegex(@"^[-._a-zA-Z][-._a-zA-Z0-9]*$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvName();

    [GeneratedRegex(@"\$?\$\(([-._a-zA-Z][-._a-zA-Z0-9]*)\)", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();
}
