namespace KubeContainers.Api.Schema;

/// <summary>
/// An <c>x-kubernetes-validations</c> rule: a CEL expression over <c>self</c> (the object or field it is put on)
/// that must hold at admission. The message names the field and the rule; the field path, when
/// given, makes the apiserver report the error at that field instead of at the object carrying the rule.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Class, AllowMultiple = true)]
public sealed class CelRuleAttribute(string rule, string message) : Attribute
{
    public string Rule { get; } = rule;

    public string Message { get; } = message;

    /// <summary>A path relative to <c>self</c>, such as <c>.replicas</c>.</summary>
    public string? FieldPath { get; init; }
}
