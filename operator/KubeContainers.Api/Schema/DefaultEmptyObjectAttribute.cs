namespace KubeContainers.Api.Schema;

/// <summary>
/// Defaults an object field to <c>{}</c>. The apiserver applies nested defaults only inside objects that exist,
/// so this is what makes the defaults of the object's own fields show up when the user omits the whole object.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class DefaultEmptyObjectAttribute : Attribute;
