namespace KubeContainers.Api.Schema;

/// <summary>Minimum length of a string field.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class MinLengthAttribute(long length) : Attribute
{
    public long Length { get; } = length;
}
