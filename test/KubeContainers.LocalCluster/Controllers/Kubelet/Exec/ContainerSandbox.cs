using System.Text;
using System.Text.Json.Nodes;
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
}
