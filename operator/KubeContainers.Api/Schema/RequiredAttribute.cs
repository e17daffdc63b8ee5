namespace KubeContainers.Api.Schema;

/// <summary>The field must be present; it goes into the parent object's <c>required</c> list.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class RequiredAttribute : Attribute;
