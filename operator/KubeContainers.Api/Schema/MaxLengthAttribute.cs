namespace KubeContainers.Api.Schema;

/// <summary>Maximum length of a string field; also bounds the cost the apiserver estimates for CEL rules.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class MaxLengthAttribute(long length) : Attribute
{
    public long Length { get; } = length;
}
