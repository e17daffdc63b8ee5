using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers;

namespace KubeContainers.LocalCluster.Admission;

/// <summary>
/// The port rules of core/v1 Service validation (kube-apiserver 1.31, pkg/apis/core/validation ValidateService and
/// validateServicePort), in its words: ports required (but on a headless or ExternalName Service), a name on every
/// port of a multi-port Service, each name a DNS-1123 label and unique, the port in 1-65535, the protocol TCP, UDP or
/// SCTP, the target port a number or an IANA service name, no node port on a ClusterIP Service, no port or node port
/// twice for one protocol, no kubelet port (10250) on a LoadBalancer, allocateLoadBalancerNodePorts only on a
/// LoadBalancer. Mixed protocols on one LoadBalancer are allowed, as since 1.26 (MixedProtocolLBService GA).
/// Runs after defaulting (protocol TCP, targetPort = port), as the apiserver validates the defaulted object.
/// </summary>
internal static partial class ServiceValidation
{
    private const int KubeletPort = 10250;

    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];

    public static List<FieldError> Validate(JsonObject spec)
    {
        var errors = new List<FieldError>();
        var type = spec.Str("type");
        var headless = spec.Str("clusterIP") == "None";
        var ports = spec.Objects("ports").ToList();
        if (ports.Count == 0 && !headless && type != "ExternalName")
        {
            errors.Add(new("spec.ports", "FieldValueRequired", "Required value"));
        }

        if (type == "LoadBalancer")
        {
            for (var i = 0; i < ports.Count; i++)
            {
                if (ports[i].Long("port") == KubeletPort)
                {
                    errors.Add(Invalid(Path(i), KubeletPort.ToString(CultureInfo.InvariantCulture),
                        $"may not expose port {KubeletPort} externally since it is used by kubelet"));
                }
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ports.Count; i++)
        {
            Port(ports[i], Path(i), requireName: ports.Count > 1, names, errors);
        }

        if (type == "ClusterIP")
        {
            for (var i = 0; i < ports.Count; i++)
            {
                if (ports[i].Long("nodePort") is { } and not 0)
                {
                    errors.Add(new(Path(i) + ".nodePort", "FieldValueForbidden", "Forbidden: may not be used when `type` is 'ClusterIP'"));
                }
            }
        }

        Duplicates(ports, errors);
        if (type != "LoadBalancer" && spec["allocateLoadBalancerNodePorts"] is not null)
        {
            errors.Add(new("spec.allocateLoadBalancerNodePorts", "FieldValueForbidden", "Forbidden: may only be used when `type` is 'LoadBalancer'"));
        }

        return errors;
    }

    private static void Port(JsonObject port, string path, bool requireName, HashSet<string> names, List<FieldError> errors)
    {
        var name = port.Str("name") ?? "";
        if (requireName && name.Length == 0)
        {
            errors.Add(new(path + ".name", "FieldValueRequired", "Required value"));
        }
        else if (name.Length != 0)
        {
            errors.AddRange(NameRules.Validate(name, dnsLabel: true).Select(e => e with { Field = path + ".name" }));
            if (!names.Add(name))
            {
                errors.Add(new(path + ".name", "FieldValueDuplicate", $"Duplicate value: \"{name}\""));
            }
        }

        var number = port.Long("port") ?? 0;
        if (number is < 1 or > 65535)
        {
            errors.Add(Invalid(path + ".port", number.ToString(CultureInfo.InvariantCulture), "must be between 1 and 65535, inclusive"));
        }

        var protocol = port.Str("protocol") ?? "";
        if (protocol.Length == 0)
        {
            errors.Add(new(path + ".protocol", "FieldValueRequired", "Required value"));
        }
        else if (!Protocols.Contains(protocol, StringComparer.Ordinal))
        {
            errors.Add(new(path + ".protocol", "FieldValueNotSupported",
                $"Unsupported value: \"{protocol}\": supported values: {string.Join(", ", Protocols.Select(p => $"\"{p}\""))}"));
        }

        TargetPort(port["targetPort"], path + ".targetPort", errors);
    }

    /// <summary>ValidatePortNumOrName: a number in 1-65535 or an IANA service name (IsValidPortName).</summary>
    private static void TargetPort(JsonNode? target, string path, List<FieldError> errors)
    {
        if (target is JsonValue value && value.TryGetValue<string>(out var name))
        {
            foreach (var problem in PortNameProblems(name))
            {
                errors.Add(Invalid(path, $"\"{name}\"", problem));
            }
        }
        else if (JsonFields.AsLong(target) is { } number && number is < 1 or > 65535)
        {
            errors.Add(Invalid(path, number.ToString(CultureInfo.InvariantCulture), "must be between 1 and 65535, inclusive"));
        }
    }

    /// <summary>IsValidPortName's messages, in its order.</summary>
    public static IEnumerable<string> PortNameProblems(string name)
    {
        if (name.Length < 1 || name.Length > 15)
        {
            yield return "must be no more than 15 characters";
        }

        if (!PortNameCharacters().IsMatch(name))
        {
            yield return "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)";
        }

        if (!name.Any(char.IsAsciiLetterLower))
        {
            yield return "must contain at least one letter (a-z)";
        }

        if (name.Contains("--", StringComparison.Ordinal))
        {
            yield return "must not contain consecutive hyphens";
        }

        if (name.Length > 0 && (name[0] == '-' || name[^1] == '-'))
        {
            yield return "must not begin or end with a hyphen";
        }
    }

    /// <summary>A node port or a port twice for one protocol; the duplicate port is printed as Go's %#v of the
    /// core.ServicePort key the apiserver compares.</summary>
    private static void Duplicates(List<JsonObject> ports, List<FieldError> errors)
    {
        var nodePorts = new HashSet<(string?, long)>();
        for (var i = 0; i < ports.Count; i++)
        {
            if (ports[i].Long("nodePort") is { } nodePort and not 0 && !nodePorts.Add((ports[i].Str("protocol"), nodePort)))
            {
                errors.Add(new(Path(i) + ".nodePort", "FieldValueDuplicate", $"Duplicate value: {nodePort.ToString(CultureInfo.InvariantCulture)}"));
            }
        }

        var seen = new HashSet<(string?, long)>();
        for (var i = 0; i < ports.Count; i++)
        {
            var protocol = ports[i].Str("protocol");
            var number = ports[i].Long("port") ?? 0;
            if (!seen.Add((protocol, number)))
            {
                errors.Add(new(Path(i), "FieldValueDuplicate", string.Create(CultureInfo.InvariantCulture,
                    $"Duplicate value: core.ServicePort{{Name:\"\", Protocol:\"{protocol}\", AppProtocol:(*string)(nil), Port:{number}, TargetPort:intstr.IntOrString{{Type:0, IntVal:0, StrVal:\"\"}}, NodePort:0}}")));
            }
        }
    }

    private static string Path(int index) => string.Create(CultureInfo.InvariantCulture, $"spec.ports[{index}]");

    private static FieldError Invalid(string path, string value, string detail) => new(path, "FieldValueInvalid", $"Invalid value: {value}: {detail}");

    [GeneratedRegex("^[-a-z0-9]+$")]
    private static partial Regex PortNameCharacters();
}
