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
    /// <summary>DNS1123LabelMaxLength and DNS1035LabelMaxLength.</summary>
    public const int MaxLabelLength = 63;

    /// <summary>DNS1123SubdomainMaxLength.</summary>
    public const int MaxSubdomainLength = 253;

    /// <summary>The longest IANA service name (a port name).</summary>
    public const int MaxPortNameLength = 15;

    private const string Dns1123LabelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";

    private const string Dns1123SubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

    private const string Dns1035LabelMessage =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";

    private const string CIdentifierMessage =
        "a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_'";

    /// <summary>IsDNS1123Label: a namespace, volume, sandbox profile or CRI handler name.</summary>
    public static IReadOnlyList<string> Dns1123Label(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errors = new List<string>();
        if (value.Length > MaxLabelLength)
        {
            errors.Add(RuleText.MaxLength(MaxLabelLength));
        }

        if (!RuleText.Matches(Dns1123LabelRegex(), value))
        {
            errors.Add(RuleText.Matches(Dns1123SubdomainRegex(), value)
                ? "must not contain dots"
                : RuleText.Regex(Dns1123LabelMessage, ValidationPatterns.Dns1123LabelFormat, "my-name", "123-abc"));
        }

        return errors;
    }

    /// <summary>IsDNS1123Subdomain: most object names (a Secret, an IngressClass, a ClusterIssuer).</summary>
    public static IReadOnlyList<string> Dns1123Subdomain(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errors = new List<string>();
        if (value.Length > MaxSubdomainLength)
        {
            errors.Add(RuleText.MaxLength(MaxSubdomainLength));
        }

        if (!RuleText.Matches(Dns1123SubdomainRegex(), value))
        {
            errors.Add(RuleText.Regex(Dns1123SubdomainMessage, ValidationPatterns.Dns1123SubdomainFormat, "example.com"));
        }

        return errors;
    }

    /// <summary>IsDNS1035Label: a Service name.</summary>
    public static IReadOnlyList<string> Dns1035Label(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errors = new List<string>();
        if (value.Length > MaxLabelLength)
        {
            errors.Add(RuleText.MaxLength(MaxLabelLength));
        }

        if (!RuleText.Matches(Dns1035LabelRegex(), value))
        {
            errors.Add(RuleText.Regex(Dns1035LabelMessage, ValidationPatterns.Dns1035LabelFormat, "my-name", "abc-123"));
        }

        return errors;
    }

    /// <summary>IsValidPortName: an IANA service name, as a containerPort's name must be.</summary>
    public static IReadOnlyList<string> PortName(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errors = new List<string>();
        if (value.Length > MaxPortNameLength)
        {
            errors.Add(RuleText.MaxLength(MaxPortNameLength));
        }

        if (!RuleText.Matches(PortNameCharacters(), value))
        {
            errors.Add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }

        if (!value.Any(char.IsAsciiLetterLower))
        {
            errors.Add("must contain at least one letter (a-z)");
        }

        if (value.Contains("--", StringComparison.Ordinal))
        {
            errors.Add("must not contain consecutive hyphens");
        }

        if (value.Length > 0 && (value[0] == '-' || value[^1] == '-'))
        {
            errors.Add("must not begin or end with a hyphen");
        }

        return errors;
    }

    /// <summary>IsCIdentifier: the portable environment variable name the CRD asks for (stricter than the
    /// apiserver's IsEnvVarName, which also takes '-' and '.': not every shell can read those).</summary>
    public static IReadOnlyList<string> EnvVarName(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return RuleText.Matches(EnvVarNameRegex(), value)
            ? []
            : [RuleText.Regex(CIdentifierMessage, ValidationPatterns.CIdentifierFormat, "my_name", "MY_NAME", "MyName")];
    }

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

    [GeneratedRegex(ValidationPatterns.Dns1035Label, RegexOptions.CultureInvariant)]
    private static partial Regex Dns1035LabelRegex();

    [GeneratedRegex(ValidationPatterns.EnvVarName, RegexOptions.CultureInvariant)]
    private static partial Regex EnvVarNameRegex();

    /// <summary>portNameCharsetRegex: the characters alone; the other rules are checked apart, each with its message.</summary>
    [GeneratedRegex("^[-a-z0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex PortNameCharacters();
}
