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
    /// <c>localhost:5000/app@sha256:...</c>). IPv6 registry literals are left out.
    /// </summary>
    public const string ImageReference =
        @"^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?/)?"
        + @"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
        + @"(?::[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,127})?"
        + @"(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$";

    /// <summary>An RFC 1123 subdomain: a host name, a Secret or StorageClass name.</summary>
    public const string Rfc1123Subdomain = @"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    /// <summary>An RFC 1123 label: a volume or sandbox profile name.</summary>
    public const string Rfc1123Label = @"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    /// <summary>A portable environment variable name.</summary>
    public const string EnvVarName = @"^[A-Za-z_][A-Za-z0-9_]*$";

    /// <summary>A key inside a Secret.</summary>
    public const string SecretKey = @"^[-._a-zA-Z0-9]+$";

    /// <summary>
    /// A non-negative Kubernetes quantity (<c>500m</c>, <c>512Mi</c>, <c>5Gi</c>, <c>1.5</c>, <c>1e3</c>): the
    /// apiserver's quantity grammar without the sign.
    /// </summary>
    public const string Quantity =
        @"^(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$";

    /// <summary>An absolute path.</summary>
    public const string AbsolutePath = @"^/";

    /// <summary>A label value.</summary>
    public const string LabelValue = @"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$";

    /// <summary>
    /// A qualified label key (optional DNS-subdomain prefix and a slash, then a name). Map keys cannot carry a
    /// schema pattern, so the operator checks this one.
    /// </summary>
    public const string LabelKey =
        @"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$";

    /// <summary>A condition reason, as metav1.Condition requires.</summary>
    public const string ConditionReason = @"^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$";

    /// <summary>A condition type, as metav1.Condition requires.</summary>
    public const string ConditionType =
        @"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$";
}
