using System.Globalization;
using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers;

namespace KubeContainers.LocalCluster.Admission;

/// <summary>
/// A pod spec's container ports as kube-apiserver 1.31 validates them (validateContainerPorts), in its words, for
/// pods and pod templates: a name, when set, an IANA service name unique within its container (a Service targets it
/// by name); containerPort required and in 1-65535; hostPort in 1-65535 when set; protocol TCP, UDP or SCTP. The same
/// number twice only warns upstream, so it passes here too.
/// </summary>
internal static class ContainerPortValidation
{
    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];

    /// <summary>Every problem of the containers' and init containers' ports under <paramref name="specPath"/>.</summary>
    public static IEnumerable<FieldError> Validate(JsonObject? podSpec, string specPath)
    {
        foreach (var list in new[] { "initContainers", "containers" })
        {
            var containers = podSpec.Objects(list).ToList();
            for (var c = 0; c < containers.Count; c++)
            {
                foreach (var error in Ports(containers[c].Objects("ports").ToList(), string.Create(CultureInfo.InvariantCulture, $"{specPath}.{list}[{c}].ports")))
                {
                    yield return error;
                }
            }
        }
    }

    private static IEnumerable<FieldError> Ports(List<JsonObject> ports, string path)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ports.Count; i++)
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]");
            var port = ports[i];
            if (port.Str("name") is { Length: > 0 } name)
            {
                var problems = ServiceValidation.PortNameProblems(name).ToList();
                foreach (var problem in problems)
                {
                    yield return new FieldError(at + ".name", "FieldValueInvalid", $"Invalid value: \"{name}\": {problem}");
                }

                if (problems.Count == 0 && !names.Add(name))
                {
                    yield return new FieldError(at + ".name", "FieldValueDuplicate", $"Duplicate value: \"{name}\"");
                }
            }

            var number = port.Long("containerPort") ?? 0;
            if (number == 0)
            {
                yield return new FieldError(at + ".containerPort", "FieldValueRequired", "Required value");
            }
            else if (number is < 1 or > 65535)
            {
                yield return new FieldError(at + ".containerPort", "FieldValueInvalid", $"Invalid value: {number.ToString(CultureInfo.InvariantCulture)}: must be between 1 and 65535, inclusive");
            }

            if (port.Long("hostPort") is { } host and not 0 && host is < 1 or > 65535)
            {
                yield return new FieldError(at + ".hostPort", "FieldValueInvalid", $"Invalid value: {host.ToString(CultureInfo.InvariantCulture)}: must be between 1 and 65535, inclusive");
            }

            var protocol = port.Str("protocol") ?? "";
            if (protocol.Length == 0)
            {
                yield return new FieldError(at + ".protocol", "FieldValueRequired", "Required value");
            }
            else if (!Protocols.Contains(protocol, StringComparer.Ordinal))
            {
                yield return new FieldError(at + ".protocol", "FieldValueNotSupported",
                    $"Unsupported value: \"{protocol}\": supported values: {string.Join(", ", Protocols.Select(p => $"\"{p}\""))}");
            }
        }
    }
}
