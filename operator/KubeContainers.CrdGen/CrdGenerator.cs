using System.Reflection;
using k8s.Models;
using KubeContainers.Api.Schema;

namespace KubeContainers.CrdGen;

/// <summary>Builds the CustomResourceDefinition of a resource type from its attributes and its schema.</summary>
internal static class CrdGenerator
{
    /// <summary>Every type of the Api assembly that is a custom resource, in a stable order.</summary>
    public static IReadOnlyList<Type> ResourceTypes(Assembly apiAssembly) =>
        [.. apiAssembly.GetExportedTypes()
            .Where(t => t.GetCustomAttribute<CustomResourceAttribute>() is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)];

    public static V1CustomResourceDefinition Generate(Type resourceType)
    {
        var entity = resourceType.GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new InvalidOperationException($"{resourceType.Name} has no [KubernetesEntity]");
        var resource = resourceType.GetCustomAttribute<CustomResourceAttribute>()
            ?? throw new InvalidOperationException($"{resourceType.Name} has no [CustomResource]");

        return new V1CustomResourceDefinition
        {
            ApiVersion = "apiextensions.k8s.io/v1",
            Kind = "CustomResourceDefinition",
            Metadata = new V1ObjectMeta { Name = $"{entity.PluralName}.{entity.Group}" },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = entity.Group,
                Scope = resource.Namespaced ? "Namespaced" : "Cluster",
                Names = new V1CustomResourceDefinitionNames
                {
                    Kind = entity.Kind,
                    ListKind = entity.Kind + "List",
                    Plural = entity.PluralName,
                    Singular = resource.Singular,
                    ShortNames = resource.ShortNames.Length == 0 ? null : [.. resource.ShortNames],
                    Categories = resource.Categories.Length == 0 ? null : [.. resource.Categories],
                },
                Versions =
                [
                    new V1CustomResourceDefinitionVersion
                    {
                        Name = entity.ApiVersion,
                        Served = true,
                        Storage = true,
                        Schema = new V1CustomResourceValidation { OpenAPIV3Schema = SchemaGenerator.ForRoot(resourceType) },
                        Subresources = new V1CustomResourceSubresources
                        {
                            Status = new Dictionary<string, object>(),
                            Scale = resourceType.GetCustomAttribute<ScaleSubresourceAttribute>() is { } scale
                                ? new V1CustomResourceSubresourceScale
                                {
                                    SpecReplicasPath = scale.SpecReplicasPath,
                                    StatusReplicasPath = scale.StatusReplicasPath,
                                    LabelSelectorPath = scale.LabelSelectorPath,
                                }
                                : null,
                        },
                        AdditionalPrinterColumns = PrinterColumns(resourceType),
                    },
                ],
            },
        };
    }

    private static List<V1CustomResourceColumnDefinition>? PrinterColumns(Type resourceType)
    {
        var columns = resourceType.GetCustomAttributes<PrinterColumnAttribute>()
            .OrderBy(c => c.Order)
            .Select(c => new V1CustomResourceColumnDefinition
            {
                Name = c.Name,
                Type = c.Type,
                JsonPath = c.JsonPath,
                Description = c.Description,
                Priority = c.Priority == 0 ? null : c.Priority,
            })
            .ToList();
        return columns.Count == 0 ? null : columns;
    }
}
