namespace KubeContainers.Api.Schema;

/// <summary>Inclusive lower bound of an integer field.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class MinimumAttribute(long value) : Attribute
{
    public long Value { get; } = value;
}
