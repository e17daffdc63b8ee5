namespace KubeContainers.Api.Schema;

/// <summary>
/// The values a string field accepts. Enumerations are strings in the C# types rather than C# enums so that an
/// object holding a value this build does not know still deserializes (one unreadable object must not stall a
/// whole watch).
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class EnumAttribute(params string[] values) : Attribute
{
    public IReadOnlyList<string> Values { get; } = values;
}
