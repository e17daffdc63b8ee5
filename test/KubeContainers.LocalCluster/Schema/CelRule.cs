namespace KubeContainers.LocalCluster.Schema;

/// <summary>
/// One <c>x-kubernetes-validations</c> rule found in a schema. The local cluster does not evaluate CEL;
/// it lists the rules so the server can log or document what a real apiserver would enforce.
/// <c>Path</c> is where the rule applies ("" for the root, "spec.items[*]" for every list element,
/// "spec.labels[*]" for every map value).
/// </summary>
public sealed record CelRule(string Path, string Rule, string? Message, string? MessageExpression, string? Reason, string? FieldPath);
