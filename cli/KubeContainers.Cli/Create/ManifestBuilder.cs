using System.CommandLine;
using System.Text.RegularExpressions;
using KubeContainers.Api;
using KubeContainers.Api.Validation;

namespace KubeContainers.Cli.Create;

/// <summary>
/// Builds the ManagedContainer that <c>create</c>'s flags describe. Every flag is checked here, before anything is
/// sent, and a bad one is named with its rule (the CRD's own patterns, from the Api project); what only the operator
/// can check (its limits) it reports in status.
/// </summary>
internal static class ManifestBuilder
{
    private static readonly Regex ImageReference = new(ValidationPatterns.ImageReference);
    private static readonly Regex EnvVarName = new(ValidationPatterns.EnvVarName);
    private static readonly Regex SecretKey = new(ValidationPatterns.SecretKey);
    private static readonly Regex Quantity = new(ValidationPatterns.Quantity);
    private static readonly Regex Label = new(ValidationPatterns.Rfc1123Label);
    private static readonly Regex Dns1035 = new(ValidationPatterns.Dns1035Label);

    public static V1Alpha1ManagedContainer Build(ParseResult parse, string? ns)
    {
        var name = parse.GetValue(CreateFlags.Name)!;
        var spec = new ManagedContainerSpec { Image = Image(parse.GetValue(CreateFlags.Image)!) };
        Name(name, hasPort: parse.GetValue(CreateFlags.Port) is not null);

        if (parse.GetValue(CreateFlags.Port) is { } port)
        {
            spec.Port = port is >= 1 and <= 65535 ? port : throw Bad("--port", $"{port}", "must be between 1 and 65535, inclusive");
        }

        spec.Env = Env(parse.GetValue(CreateFlags.Env) ?? []);
        spec.SecretEnv = SecretEnv(parse.GetValue(CreateFlags.SecretEnv) ?? []);
        var oneShot = parse.GetValue(CreateFlags.OneShot);
        if (parse.GetValue(CreateFlags.Replicas) is { } replicas)
        {
            spec.Replicas = replicas switch
            {
                < 0 => throw Bad("--replicas", $"{replicas}", "must be greater than or equal to 0"),
                > 1 when oneShot => throw Bad("--replicas", $"{replicas}", "must be 0 or 1 with --one-shot"),
                _ => replicas,
            };
        }

        var cpu = QuantityFlag("--cpu", parse.GetValue(CreateFlags.Cpu));
        var memory = QuantityFlag("--memory", parse.GetValue(CreateFlags.Memory));
        if (cpu is not null || memory is not null)
        {
            spec.Resources = new ResourcesSpec { Cpu = cpu, Memory = memory };
        }

        if (parse.GetValue(CreateFlags.Sandbox) is { } sandbox)
        {
            spec.Sandbox = sandbox.Length <= 63 && Label.IsMatch(sandbox) ? sandbox : throw Bad("--sandbox", sandbox, "must be a profile name: lower case letters, digits and '-' (RFC 1123 label, at most 63 characters)");
        }

        if (parse.GetValue(CreateFlags.Egress) is { } egress)
        {
            spec.Networking = egress is EgressModes.Internet or EgressModes.Cluster or EgressModes.None
                ? new NetworkingSpec { Egress = egress }
                : throw Bad("--egress", egress, "must be one of internet, cluster, none");
        }

        spec.Volumes = Volumes(parse.GetValue(CreateFlags.Volume) ?? []);
        if (oneShot)
        {
            spec.Mode = WorkloadModes.OneShot;
        }

        if (parse.GetValue(CreateFlags.Lifetime) is { } lifetime)
        {
            var span = Durations.Parse("--lifetime", lifetime);
            spec.Lifetime = span >= TimeSpan.FromSeconds(1) && span.Ticks % TimeSpan.TicksPerSecond == 0
                ? new LifetimeSpec { TimeoutSeconds = (long)span.TotalSeconds }
                : throw Bad("--lifetime", lifetime, "must be a whole number of seconds, at least 1s");
        }

        if (parse.GetValue(CreateFlags.Command) is { Length: > 0 } command)
        {
            spec.Command = command;
        }

        return new V1Alpha1ManagedContainer
        {
            Metadata = new k8s.Models.V1ObjectMeta { Name = name, NamespaceProperty = ns },
            Spec = spec,
            Status = null!,
        };
    }

    public static CliException Bad(string flag, string value, string rule) => new($"{flag} \"{value}\": {rule}");

    private static void Name(string name, bool hasPort)
    {
        if (NameRules.Dns1123Subdomain(name) is { Count: > 0 } problems)
        {
            throw Bad("NAME", name, string.Join("; ", problems));
        }

        if (name.Length > NameRules.MaxLabelLength)
        {
            throw Bad("NAME", name, "must be no more than 63 characters: it is a label value on every child");
        }

        if (hasPort && !Dns1035.IsMatch(name))
        {
            throw Bad("NAME", name, "must be a DNS-1035 label (lower case letters, digits and '-', starting with a letter) with --port: it is the Service's name");
        }
    }

    private static string Image(string image) =>
        image.Length is > 0 and <= 1024 && ImageReference.IsMatch(image)
            ? image
            : throw Bad("--image", image, "must be an image reference such as nginx:1.27, ghcr.io/org/app:v1 or app@sha256:<digest>");

    private static Dictionary<string, string>? Env(string[] pairs)
    {
        if (pairs.Length == 0)
        {
            return null;
        }

        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw Bad("--env", pair, "must be KEY=VALUE");
            }

            var key = pair[..equals];
            if (!EnvVarName.IsMatch(key))
            {
                throw Bad("--env", pair, "KEY must be an environment variable name: letters, digits and '_', not starting with a digit");
            }

            if (!env.TryAdd(key, pair[(equals + 1)..]))
            {
                throw Bad("--env", pair, $"{key} is given twice");
            }
        }

        return env;
    }

    private static List<SecretEnvVarSpec>? SecretEnv(string[] items)
    {
        if (items.Length == 0)
        {
            return null;
        }

        const string Shape = "must be NAME=secret/key: the variable NAME takes the value of key in Secret secret";
        var result = new List<SecretEnvVarSpec>();
        foreach (var item in items)
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            var slash = item.IndexOf('/', Math.Max(equals, 0));
            if (equals <= 0 || slash < 0)
            {
                throw Bad("--secret-env", item, Shape);
            }

            var (variable, secret, key) = (item[..equals], item[(equals + 1)..slash], item[(slash + 1)..]);
            if (!EnvVarName.IsMatch(variable))
            {
                throw Bad("--secret-env", item, "NAME must be an environment variable name: letters, digits and '_', not starting with a digit");
            }

            if (!NameRules.IsDns1123Subdomain(secret))
            {
                throw Bad("--secret-env", item, "secret must be a Secret's name (lower case RFC 1123 subdomain)");
            }

            if (key.Length > 253 || !SecretKey.IsMatch(key))
            {
                throw Bad("--secret-env", item, "key must consist of alphanumeric characters, '-', '_' or '.'");
            }

            if (result.Any(r => r.Name == variable))
            {
                throw Bad("--secret-env", item, $"{variable} is given twice");
            }

            result.Add(new SecretEnvVarSpec { Name = variable, SecretName = secret, Key = key });
        }

        return result;
    }

    private static string? QuantityFlag(string flag, string? value) =>
        value is null ? null
        : value.Length <= QuantityRules.MaxLength && Quantity.IsMatch(value) ? value
        : throw Bad(flag, value, "must be a quantity such as 500m, 2, 256Mi or 1Gi");

    private static List<VolumeSpec>? Volumes(string[] items)
    {
        if (items.Length == 0)
        {
            return null;
        }

        const string Shape = "must be name:/path:size, e.g. data:/var/lib/data:1Gi";
        var result = new List<VolumeSpec>();
        foreach (var item in items)
        {
            var first = item.IndexOf(':', StringComparison.Ordinal);
            var last = item.LastIndexOf(':');
            if (first <= 0 || last <= first)
            {
                throw Bad("--volume", item, Shape);
            }

            var (name, path, size) = (item[..first], item[(first + 1)..last], item[(last + 1)..]);
            if (name.Length > 63 || !Label.IsMatch(name))
            {
                throw Bad("--volume", item, "name must be an RFC 1123 label: lower case letters, digits and '-', at most 63 characters");
            }

            if (!path.StartsWith('/') || path == "/")
            {
                throw Bad("--volume", item, "path must be absolute and not /");
            }

            if (!Quantity.IsMatch(size))
            {
                throw Bad("--volume", item, "size must be a quantity such as 1Gi");
            }

            if (result.Any(v => v.Name == name))
            {
                throw Bad("--volume", item, $"the volume name {name} is given twice");
            }

            result.Add(new VolumeSpec { Name = name, MountPath = path, Size = size });
        }

        return result;
    }
}
