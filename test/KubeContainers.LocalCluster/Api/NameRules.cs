using System.Text.RegularExpressions;

namespace KubeContainers.LocalCluster.Api;

/// <summary>Object name rules and generateName, with the apiserver's messages.</summary>
public static partial class NameRules
{
    private const string Dns1123SubdomainFormat = @"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
    private const string Dns1123LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string GeneratedAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static IEnumerable<FieldError> Validate(string name, bool dnsLabel, bool pathSegment = false)
    {
        if (pathSegment)
        {
            // path.IsValidPathSegmentName, the rule of RBAC names ("system:discovery" is valid).
            if (name is "." or "..")
            {
                yield return Invalid(name, $"may not be '{name}'");
                yield break;
            }

            foreach (var illegal in new[] { "/", "%" }.Where(c => name.Contains(c, StringComparison.Ordinal)))
            {
                yield return Invalid(name, $"may not contain '{illegal}'");
            }
        }
        else if (dnsLabel)
        {
            if (name.Length > 63)
            {
                yield return Invalid(name, "must be no more than 63 characters");
            }

            if (!Dns1123Label().IsMatch(name))
            {
                yield return Invalid(name, "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '" + Dns1123LabelFormat + "')");
            }
        }
        else
        {
            if (name.Length > 253)
            {
                yield return Invalid(name, "must be no more than 253 characters");
            }

            if (!Dns1123Subdomain().IsMatch(name))
            {
                yield return Invalid(name, "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '" + Dns1123SubdomainFormat + "')");
            }
        }
    }

    /// <summary>generateName plus five random characters from the apiserver's alphabet (no vowels, no look-alikes).</summary>
    public static string Generate(string prefix)
    {
        var trimmed = prefix.Length > 58 ? prefix[..58] : prefix;
        var suffix = new char[5];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = GeneratedAlphabet[Random.Shared.Next(GeneratedAlphabet.Length)];
        }

        return trimmed + new string(suffix);
    }

    private static FieldError Invalid(string name, string why) =>
        new("metadata.name", "FieldValueInvalid", $"Invalid value: \"{name}\": {why}");

    [GeneratedRegex("^" + Dns1123SubdomainFormat + "$")]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex("^" + Dns1123LabelFormat + "$")]
    private static partial Regex Dns1123Label();
}
