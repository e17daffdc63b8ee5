using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using KubeContainers.Api.Validation;

namespace KubeContainers.Operator.Configuration;

/// <summary>The rules only the operator's settings have (CIDRs, tolerations). The names, label keys and quantities
/// they share with the spec are in KubeContainers.Api.Validation.</summary>
internal static partial class SettingRules
{
    public static readonly string[] TaintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

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

        if (!LabelRules.IsKey(key) || (operand is not null && !LabelRules.IsValue(operand)))
        {
            return "is not a toleration (key=value:Effect, key:Effect or key, with a label key and value)";
        }

        return effect is null || TaintEffects.Contains(effect, StringComparer.Ordinal)
            ? null
            : $"is not a toleration: the effect must be {string.Join(", ", TaintEffects[..^1])} or {TaintEffects[^1]}";
    }

    [GeneratedRegex(@"^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$", RegexOptions.CultureInvariant)]
    private static partial Regex IPv4();
}
