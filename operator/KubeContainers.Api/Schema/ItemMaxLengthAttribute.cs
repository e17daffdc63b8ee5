namespace KubeContainers.Api.Schema;

/// <summary>A length limit for every item of a string list, or every value of a string map.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class ItemMaxLengthAttribute(long length) : Attribute
{
    public long Length { get; } = length;
}
