namespace KubeContainers.Api.Schema;

/// <summary>
/// An <c>additionalPrinterColumns</c> entry for <c>kubectl get</c>. Priority 0 columns always show; priority 1
/// only with <c>-o wide</c>. Columns keep the order in which <see cref="Order"/> ranks them.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class PrinterColumnAttribute(int order, string name, string type, string jsonPath, string description)
    : Attribute
{
    public int Order { get; } = order;

    public string Name { get; } = name;

    public string Type { get; } = type;

    public string JsonPath { get; } = jsonPath;

    public string Description { get; } = description;

    public int Priority { get; init; }
}
