using System.Globalization;

namespace KubeContainers.Api.Validation;

public static partial class ManagedContainerSpecValidation
{
    private static readonly string[] SupportedProtocols = [PortProtocols.Tcp, PortProtocols.Udp];

    /// <summary>
    /// spec.ports and what depends on the ports. The admission rules (the CRD's schema and CEL) are checked again,
    /// in the apiserver's words and naming the item, because the Service, the Ingress and the probes are built
    /// from these ports and a wrong one would reach the apiserver as a refused child instead of a clear refusal.
    /// </summary>
    public static void Ports(ManagedContainerSpec spec, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(errors);
        var ports = spec.Ports ?? [];
        if (spec.Port is not null && spec.Ports is not null)
        {
            errors.Forbidden(Spec.Child("ports"), "not with spec.port: spec.port is the shorthand for one HTTP port; list every port in spec.ports instead");
        }

        if (ports.Count > PortRules.MaxPorts)
        {
            errors.TooMany(Spec.Child("ports"), ports.Count, PortRules.MaxPorts, "ports of one container");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var pairs = new HashSet<string>(StringComparer.Ordinal);
        FieldPath? http = null;
        for (var i = 0; i < ports.Count; i++)
        {
            var path = Spec.Child("ports").Index(i);
            var port = ports[i];
            PortName(path.Child("name"), port.Name, errors);
            if (port.Port is < 1 or > 65535)
            {
                errors.Invalid(path.Child("port"), port.Port, "must be between 1 and 65535, inclusive");
            }

            var protocol = port.Protocol ?? PortProtocols.Tcp;
            if (!SupportedProtocols.Contains(protocol, StringComparer.Ordinal))
            {
                errors.NotSupported(path.Child("protocol"), protocol, SupportedProtocols);
            }

            if (!string.IsNullOrEmpty(port.Name) && !names.Add(port.Name))
            {
                errors.Duplicate(path.Child("name"), port.Name);
            }

            var pair = string.Create(CultureInfo.InvariantCulture, $"{port.Port}/{protocol}");
            if (!pairs.Add(pair))
            {
                errors.Duplicate(path, pair);
            }

            if (port.Http == true && protocol != PortProtocols.Tcp)
            {
                errors.Forbidden(path.Child("http"), $"only a TCP port can be the HTTP port, and {path.Child("protocol")} is {protocol}");
            }
            else if (port.Http == true && http is not null)
            {
                errors.Forbidden(path.Child("http"), $"at most one port may have http: true, and {http} already has");
            }
            else if (port.Http == true)
            {
                http = path;
            }
        }

        PortUsers(spec, errors);
    }

    /// <summary>An IANA service name, as the apiserver checks a containerPort's name (IsValidPortName), in its words.</summary>
    private static void PortName(FieldPath path, string? name, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(name))
        {
            errors.Required(path, "a port needs a name: the Service targets it by name");
            return;
        }

        foreach (var problem in NameRules.PortName(name))
        {
            errors.Invalid(path, name, problem);
        }
    }

    /// <summary>The rules that used to say "requires spec.port": an HTTP port from spec.ports serves too.</summary>
    private static void PortUsers(ManagedContainerSpec spec, FieldErrors errors)
    {
        var all = ManagedContainerPorts.All(spec);
        var http = ManagedContainerPorts.Http(spec);
        var ingress = spec.Networking?.Ingress;
        if ((ingress == IngressModes.Public && http is null) || (ingress == IngressModes.Private && all.Count == 0))
        {
            errors.Invalid(Spec.Child("networking", "ingress"), ingress,
                "public requires an HTTP port (spec.port, or in spec.ports the one with http: true or the only TCP port) and private requires a port; a container without a port takes none");
        }

        if (spec.Networking?.Host is { } host && (http is null || ManagedContainerDefaults.EffectiveIngress(spec) != IngressModes.Public))
        {
            errors.Invalid(Spec.Child("networking", "host"), host,
                "requires an HTTP port (spec.port, or in spec.ports the one with http: true or the only TCP port) and networking.ingress public");
        }

        if (spec.HealthCheck is { } check && check.Port is null && ManagedContainerPorts.Probed(spec) is null
            && ManagedContainerDefaults.EffectiveHealthCheckType(check) is HealthCheckTypes.Http or HealthCheckTypes.Tcp or HealthCheckTypes.Grpc)
        {
            errors.Required(Spec.Child("healthCheck", "port"),
                "an http, tcp or grpc check requires spec.port, a TCP port in spec.ports or spec.healthCheck.port: there is no port to probe");
        }
    }

    /// <summary>What a LoadBalancer Service needs of the spec: a port the Ingress does not serve, and inbound
    /// traffic. Whether the operator allows load balancers at all is its setting, checked before this.</summary>
    public static void LoadBalancer(ManagedContainerSpec spec, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(errors);
        if (spec.Networking?.LoadBalancer != true)
        {
            return;
        }

        var path = Spec.Child("networking", "loadBalancer");
        if (ManagedContainerPorts.All(spec).All(p => p.Http))
        {
            errors.Forbidden(path,
                "requires a port in spec.ports besides the HTTP port: the load balancer carries the ports the Ingress does not");
        }

        if (ManagedContainerDefaults.EffectiveIngress(spec) == IngressModes.None)
        {
            errors.Forbidden(path, "not with networking.ingress none, which admits no inbound traffic");
        }
    }
}
