namespace KubeContainers.Api.Schema;

/// <summary>
/// The CRD names that <see cref="k8s.Models.KubernetesEntityAttribute"/> does not carry: singular, short names,
/// categories and scope. Together they make a class a custom resource for the CRD generator.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class CustomResourceAttribute(string singular) : Attribute
{
    public string Singular { get; } = singular;

    public string[] ShortNames { get; init; } = [];

    public string[] Categories { get; init; } = [];

    public bool Namespaced { get; init; } = true;
}
