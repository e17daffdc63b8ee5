namespace KubeContainers.LocalCluster.Api;

/// <summary>A CRD additionalPrinterColumn (or a built-in kind's column): JSONPath into the object.</summary>
public sealed record PrinterColumn(
    string Name,
    string Type,
    string JsonPath,
    string? Description = null,
    int Priority = 0,
    string? Format = null);
