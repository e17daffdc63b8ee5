namespace KubeContainers.LocalCluster.Schema;

/// <summary>
/// One <c>x-kubernetes-validations</c> rule found in a schema (see <see cref="CelValidator"/>, which evaluates
/// them). <c>Path</c> is where the rule applies ("" for the root, "spec.items[*]" for every list element,
/// "spec.labels[*]" for every map value).
/// </summary>
public sealed record CelRule(string Path, string Rule, string? Message, string? MessageExpression, string? Reason, string? FieldPath)
{
    /// <summary><c>optionalOldSelf</c>: the rule also runs without an old value, <c>oldSelf</c> then being an
    /// empty optional.</summary>
    public bool OptionalOldSelf { get; init; }
}
