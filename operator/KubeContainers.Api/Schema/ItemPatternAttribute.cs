namespace KubeContainers.Api.Schema;

/// <summary>A pattern for every item of a string list, or every value of a string map.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class ItemPatternAttribute(string regex) : Attribute
{
    public string Regex { get; } = regex;
}
