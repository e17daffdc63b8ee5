namespace KubeContainers.LocalCluster.Selectors;

/// <summary>One term of a field selector: <c>Field=Value</c> (or <c>==</c>) when <c>Equal</c>, <c>Field!=Value</c> otherwise.</summary>
public sealed record FieldRequirement(string Field, bool Equal, string Value)
{
    public override string ToString() => Field + (Equal ? "=" : "!=") + FieldSelector.EscapeValue(Value);
}
