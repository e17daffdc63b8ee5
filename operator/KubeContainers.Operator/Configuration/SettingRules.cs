using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using k8s.Models;

namespace KubeContainers.Operator.Configuration;

/// <summary>The Kubernetes naming and value rules the settings are checked against.</summary>
internal static partial class SettingRules
{
    public static readonly string[] TaintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

    /// <summary>RFC 1123 label: a namespace name, a CRI handler, a sandbox profile name.</summary>
    public static bool IsDnsLabel(string value) => value.Length <= 63 && DnsLabel().IsMatch(value);

    /// <summary>RFC 1123 subdomain: a DNS name, an IngressClass or ClusterIssuer name.</summary>
    public static bool IsDnsSubdomain(string value) => value.Length is > 0 and <= 253 && value.Split('.').All(IsDnsLabel);

    /// <summary>A label key or resource name: an optional DNS subdomain prefix and a slash, then a name of at most 63.</summary>
    public static bool IsQualifiedName(string value)
    {
        var slash = value.LastIndexOf('/');
        var name = slash < 0 ? value : value[(slash + 1)..];
        return (slash < 0 || IsDnsSubdomain(value[..slash])) && name.Length <= 63 && QualifiedNamePart().IsMatch(name);
    }

    public static bool IsLabelValue(string value) => value.Length == 0 || (value.Length <= 63 && QualifiedNamePart().IsMatch(value));

    /// <summary>The value of a Kubernetes quantity (<c>500m</c>, <c>2</c>, <c>1Gi</c>); null when it is not one.</summary>
    public static decimal? Quantity(string value)
    {
        if (!QuantityPattern().IsMatch(value))
        {
            return null;
        }

        try
        {
            return new ResourceQuantity(value).ToDecimal();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>What is wrong with a CIDR, after its quoted value; null when it is one. The address must be written
    /// in full (no <c>10.0.0/8</c>) and carry no bits after the prefix, as NetworkPolicy's ipBlock wants.</summary>
    public static string? CidrProblem(string value)
    {
        const string Rule = "is not a CIDR (address/prefix, e.g. 10.0.0.0/8 or fd00::/8)";
        var parts = value.Split('/');
        if (parts.Length != 2 || parts[1].Length is 0 or > 3 || !parts[1].All(char.IsAsciiDigit))
        {
            return Rule;
        }

        var ipv6 = parts[0].Contains(':', StringComparison.Ordinal);
        if (ipv6
            ? !IPAddress.TryParse(parts[0], out var address) || address.AddressFamily != AddressFamily.InterNetworkV6
            : !IPv4().IsMatch(parts[0]))
        {
            return Rule;
        }

        var prefix = int.Parse(parts[1], CultureInfo.InvariantCulture);
        if (prefix > (ipv6 ? 128 : 32) || !IPNetwork.TryParse(value, out var network))
        {
            return Rule;
        }

        return network.BaseAddress.Equals(IPAddress.Parse(parts[0]))
            ? null
            : $"is not a CIDR: it has address bits set after the /{prefix} prefix (did you mean {network}?)";
    }

    /// <summary>What is wrong with a toleration in <c>key=value:Effect</c>, <c>key:Effect</c> or <c>key</c> form;
    /// null when nothing is.</summary>
    public static string? TolerationProblem(string value)
    {
        var colon = value.LastIndexOf(':');
        var effect = colon < 0 ? null : value[(colon + 1)..];
        var keyValue = colon < 0 ? value : value[..colon];
        var equals = keyValue.IndexOf('=', StringComparison.Ordinal);
        var key = equals < 0 ? keyValue : keyValue[..equals];
        var operand = equals < 0 ? null : keyValue[(equals + 1)..];
        if (equals >= 0 && effect is null)
        {
            return "is not a toleration: key=value needs an effect (key=value:Effect, key:Effect or key)";
        }

        if (!IsQualifiedName(key) || (operand is not null && !IsLabelValue(operand)))
        {
            return "is not a toleration (key=value:Effect, key:Effect or key, with a label key and value)";
        }

        return effect is null || TaintEffects.Contains(effect, StringComparer.Ordinal)
            ? null
            : $"is not a toleration: the effect must be {string.Join(", ", TaintEffects[..^1])} or {TaintEffects[^1]}";
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex QualifiedNamePart();

    [GeneratedRegex(@"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+|[KMGTPE]i|[numkMGTPE])?$", RegexOptions.CultureInvariant)]
    private static partial Regex QuantityPattern();

    [GeneratedRegex(@"^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$", RegexOptions.CultureInvariant)]
    private static partial Regex IPv4();
}
