namespace KubeContainers.Api;

/// <summary>
/// The regular expressions of the schema, in one place so the operator can apply the same rules where the CRD
/// cannot (map keys). Each is anchored because OpenAPI patterns match anywhere in the value. They use only
/// syntax shared by RE2 (the apiserver) and .NET (the tests and the operator).
/// </summary>
public static class ValidationPatterns
{
    /// <summary>
    /// An OCI image reference as the distribution reference grammar defines it: optional registry host and port,
    /// lower-case path components, optional tag, optional digest (<c>nginx</c>, <c>ghcr.io/org/web:v1.2.3</c>,
    /// <c>localhost:5000/app@sha256:...</c>). IPv6 registry literals are left out. The digest is one of the
    /// algorithms container runtimes verify (go-digest's sha256, sha384, sha512) with exactly its length of
    /// lower-case hex: the general grammar's <c>algorithm:hex{32,}</c> would admit references no runtime can pull.
    /// What a regular expression cannot say (a repository name of at most 255 characters, a registry port up to
    /// 65535) the operator checks.
    /// </summary>
    public const string ImageReference =
        @"^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?/)?"
        + @"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
        + @"(?::[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,127})?"
        + @"(?:@(?:sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128}))?$";

    /// <summary>An RFC 1123 label unanchored, as apimachinery's messages quote it (dns1123LabelFmt).</summary>
    public const string Dns1123LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

    /// <summary>An RFC 1123 subdomain unanchored, as apimachinery's messages quote it (dns1123SubdomainFmt).</summary>
    public const string Dns1123SubdomainFormat = Dns1123LabelFormat + @"(\." + Dns1123LabelFormat + ")*";

    /// <summary>An RFC 1035 label unanchored, as apimachinery's messages quote it (dns1035LabelFmt).</summary>
    public const string Dns1035LabelFormat = "[a-z]([-a-z0-9]*[a-z0-9])?";

    /// <summary>A label key's name part, or a label value when not empty, unanchored (qualifiedNameFmt).</summary>
    public const string QualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";

    /// <summary>A C identifier unanchored (cIdentifierFmt): the portable environment variable name.</summary>
    public const string CIdentifierFormat = "[A-Za-z_][A-Za-z0-9_]*";

    /// <summary>An RFC 1123 subdomain: a host name, a Secret or StorageClass name.</summary>
    public const string Rfc1123Subdomain = "^" + Dns1123SubdomainFormat + "$";

    /// <summary>An RFC 1123 label: a volume or sandbox profile name.</summary>
    public const string Rfc1123Label = "^" + Dns1123LabelFormat + "$";

    /// <summary>
    /// An RFC 1035 label (starts with a letter): what a Service name must be. No backslash, so CEL rules can
    /// quote it.
    /// </summary>
    public const string Dns1035Label = "^" + Dns1035LabelFormat + "$";

    /// <summary>
    /// A host name for an Ingress and a certificate: lower-case RFC 1123 labels of at most 63 characters joined by
    /// dots, the last one starting with a letter (a top-level domain is never numeric), which also keeps IPv4
    /// addresses out. The total of at most 253 characters is the field's maxLength.
    /// </summary>
    public const string HostName =
        @"^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?[.])*[a-z]([-a-z0-9]{0,61}[a-z0-9])?$";

    /// <summary>A portable environment variable name.</summary>
    public const string EnvVarName = "^" + CIdentifierFormat + "$";

    /// <summary>A key inside a Secret (IsConfigMapKey): <c>[-._a-zA-Z0-9]+</c>, but not <c>.</c>, <c>..</c> nor starting with <c>..</c>.</summary>
    public const string SecretKey = @"^([-_a-zA-Z0-9]|[.][-_a-zA-Z0-9])[-._a-zA-Z0-9]*$";

    /// <summary>The apiserver's quantity grammar without the sign, unanchored.</summary>
    public const string UnsignedQuantityFormat =
        @"(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?";

    /// <summary>
    /// A non-negative Kubernetes quantity (<c>500m</c>, <c>512Mi</c>, <c>5Gi</c>, <c>1.5</c>, <c>1e3</c>): the
    /// apiserver's quantity grammar without the sign.
    /// </summary>
    public const string Quantity = "^" + UnsignedQuantityFormat + "$";

    /// <summary>Any Kubernetes quantity, the sign included (<c>-1Gi</c>): what the operator's settings parse, so
    /// a negative one is refused as "not more than zero" rather than as "not a quantity".</summary>
    public const string SignedQuantity = "^[+-]?" + UnsignedQuantityFormat + "$";

    /// <summary>An absolute path without control characters (a newline in a path only ever hides something).</summary>
    public const string AbsolutePath = @"^/[^\x00-\x1f\x7f]*$";

    /// <summary>
    /// The path of an HTTP probe: absolute and printable ASCII only, so no whitespace or control character can end
    /// the request line early or smuggle a header (other characters must be percent-encoded).
    /// </summary>
    public const string HttpPath = @"^/[!-~]*$";

    /// <summary>A label value.</summary>
    public const string LabelValue = "^(" + QualifiedNameFormat + ")?$";

    /// <summary>
    /// A qualified label key (optional DNS-subdomain prefix and a slash, then a name of at most 63 characters).
    /// Map keys cannot carry a schema pattern, so a CEL rule applies it (hence <c>[.]</c>, not a backslash, which a
    /// CEL string would take for an escape); the prefix's 253 characters are checked apart.
    /// </summary>
    public const string LabelKey =
        @"^([a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$";

    /// <summary>A condition reason, as metav1.Condition requires.</summary>
    public const string ConditionReason = @"^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$";

    /// <summary>A condition type, as metav1.Condition requires.</summary>
    public const string ConditionType =
        @"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$";
}
