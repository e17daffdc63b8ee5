namespace KubeContainers.Api.Schema;

/// <summary>Inclusive upper bound of an integer field.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class MaximumAttribute(long value) : Attribute
{
    public long Value { get; } = value;
}
