namespace KubeContainers.Api.Schema;

/// <summary>Maximum number of items of a list field; also bounds the cost the apiserver estimates for CEL rules.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class MaxItemsAttribute(long count) : Attribute
{
    public long Count { get; } = count;
}
