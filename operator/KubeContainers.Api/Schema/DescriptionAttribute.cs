namespace KubeContainers.Api.Schema;

/// <summary>
/// The schema description of a field or type. Every field needs one: it is what <c>kubectl explain</c> shows,
/// and the CRD generator refuses a field without it.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Class, AllowMultiple = false)]
public sealed class DescriptionAttribute(string text) : Attribute
{
    public string Text { get; } = text;
}
