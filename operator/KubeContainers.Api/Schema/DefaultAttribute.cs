namespace KubeContainers.Api.Schema;

/// <summary>
/// A value the apiserver fills in when the field is absent, so stored objects show the effective setting.
/// Only for defaults that do not depend on other fields; conditional ones (ingress public when a port is set)
/// are applied by the operator and documented in <see cref="ManagedContainerDefaults"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class DefaultAttribute(object value) : Attribute
{
    public object Value { get; } = value;
}
