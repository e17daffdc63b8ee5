using System.Text.RegularExpressions;

namespace KubeContainers.Api.Validation;

/// <summary>
/// The Kubernetes name rules, with apimachinery's messages (k8s.io/apimachinery/pkg/util/validation, Kubernetes
/// 1.31): each returns what is wrong, empty when nothing is. The regular expressions are the ones the CRD's
/// patterns use (<see cref="ValidationPatterns"/>), so the schema, the spec validator and the operator's settings
/// cannot disagree.
/// </summary>
public static partial class NameRules
{
    /// <summary>DNS1123LabelMaxLength.</summary>
    public const int MaxLabelLength = 63;

    /// <summary>DNS1123SubdomainMaxLength.</summary>
    public const int MaxSubdomainLength = 253;

    private const string Dns1123LabelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";

    private const string Dns1123SubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

    /// <summary>IsDNS1123Label: a namespace, volume, sandbox profile or CRI handler name.</summary>
    public static IReadOnlyList<string> Dns1123Label(string value) =>
        RuleText.LengthAndFormat(value, MaxLabelLength, Dns1123LabelRegex(), () => RuleText.Matches(Dns1123SubdomainRegex(), value)
            ? "must not contain dots"
            : RuleText.Regex(Dns1123LabelMessage, ValidationPatterns.Dns1123LabelFormat, "my-name", "123-abc"));

    /// <summary>IsDNS1123Subdomain: most object names (a Secret, an IngressClass, a ClusterIssuer).</summary>
    public static IReadOnlyList<string> Dns1123Subdomain(string value) =>
        RuleText.LengthAndFormat(value, MaxSubdomainLength, Dns1123SubdomainRegex(),
            () => RuleText.Regex(Dns1123SubdomainMessage, ValidationPatterns.Dns1123SubdomainFormat, "example.com"));

    public static bool IsDns1123Label(string value) => Dns1123Label(value).Count == 0;

    public static bool IsDns1123Subdomain(string value) => Dns1123Subdomain(value).Count == 0;

    /// <summary>
    /// A DNS name that resolves: an RFC 1123 subdomain whose every label also has at most 63 characters (a
    /// subdomain as an object name does not limit its labels; a name in DNS must). The operator's base domain.
    /// </summary>
    public static bool IsDnsName(string value) =>
        IsDns1123Subdomain(value) && value.Split('.').All(label => label.Length <= MaxLabelLength);

    [GeneratedRegex(ValidationPatterns.Rfc1123Label, RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123LabelRegex();

    [GeneratedRegex(ValidationPatterns.Rfc1123Subdomain, RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123SubdomainRegex();
}
