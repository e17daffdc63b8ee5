namespace KubeContainers.Api.Schema;

/// <summary>Maximum number of keys of a map field.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class MaxPropertiesAttribute(long count) : Attribute
{
    public long Count { get; } = count;
}
