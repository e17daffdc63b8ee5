using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;
using KubeContainers.Api.Schema;

namespace KubeContainers.CrdGen;

/// <summary>
/// Builds a structural OpenAPI v3 schema from C# types by reflection: the JSON names come from
/// <see cref="JsonPropertyNameAttribute"/> (the same ones the client serializes with), the validation from the
/// attributes in <c>KubeContainers.Api.Schema</c>. Properties are emitted in ordinal order of their JSON names
/// (as controller-gen does) so the output does not depend on reflection order.
/// </summary>
internal static class SchemaGenerator
{
    /// <summary>The schema of a whole object type, with the type's own description.</summary>
    public static V1JSONSchemaProps ForRoot(Type type)
    {
        var schema = ObjectSchema(type);
        schema.Description = TypeDescription(type)
            ?? throw new InvalidOperationException($"{type.Name} has no [Description]");
        return schema;
    }

    private static V1JSONSchemaProps ObjectSchema(Type type)
    {
        var properties = new Dictionary<string, V1JSONSchemaProps>(StringComparer.Ordinal);
        var required = new List<string>();
        foreach (var (name, property) in SerializedProperties(type).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            properties[name] = PropertySchema(property);
            if (property.GetCustomAttribute<RequiredAttribute>() is not null)
            {
                required.Add(name);
            }
        }

        return new V1JSONSchemaProps
        {
            Type = "object",
            Properties = properties,
            Required = required.Count == 0 ? null : required,
            XKubernetesValidations = ValidationRules(type.GetCustomAttributes<CelRuleAttribute>()),
        };
    }

    private static IEnumerable<(string Name, PropertyInfo Property)> SerializedProperties(Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonIgnoreAttribute>() is not null)
            {
                continue;
            }

            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
                ?? throw new InvalidOperationException(
                    $"{type.Name}.{property.Name} has no [JsonPropertyName]; the schema and the serializer must agree on names");
            yield return (name, property);
        }
    }

    private static V1JSONSchemaProps PropertySchema(PropertyInfo property)
    {
        var schema = TypeSchema(property.PropertyType);
        schema.Description = property.GetCustomAttribute<DescriptionAttribute>()?.Text
            ?? throw new InvalidOperationException(
                $"{property.DeclaringType?.Name}.{property.Name} has no [Description]; kubectl explain needs one on every field");

        if (property.GetCustomAttribute<MinimumAttribute>() is { } minimum)
        {
            schema.Minimum = minimum.Value;
        }

        if (property.GetCustomAttribute<MaximumAttribute>() is { } maximum)
        {
            schema.Maximum = maximum.Value;
        }

        if (property.GetCustomAttribute<MinLengthAttribute>() is { } minLength)
        {
            schema.MinLength = minLength.Length;
        }

        if (property.GetCustomAttribute<MaxLengthAttribute>() is { } maxLength)
        {
            schema.MaxLength = maxLength.Length;
        }

        if (property.GetCustomAttribute<PatternAttribute>() is { } pattern)
        {
            schema.Pattern = pattern.Regex;
        }

        if (property.GetCustomAttribute<EnumAttribute>() is { } values)
        {
            schema.EnumProperty = [.. values.Values];
        }

        if (property.GetCustomAttribute<MaxItemsAttribute>() is { } maxItems)
        {
            schema.MaxItems = maxItems.Count;
        }

        if (property.GetCustomAttribute<MaxPropertiesAttribute>() is { } maxProperties)
        {
            schema.MaxProperties = maxProperties.Count;
        }

        if (property.GetCustomAttribute<DefaultAttribute>() is { } defaultValue)
        {
            schema.DefaultProperty = defaultValue.Value;
        }

        if (property.GetCustomAttribute<DefaultEmptyObjectAttribute>() is not null)
        {
            schema.DefaultProperty = new Dictionary<string, object>();
        }

        if (property.GetCustomAttribute<ListMapKeysAttribute>() is { } listMapKeys)
        {
            schema.XKubernetesListType = "map";
            schema.XKubernetesListMapKeys = [.. listMapKeys.Keys];
        }

        ApplyToItems(property, schema);

        // Rules of the property's own type (cross-field rules of an object) and of the property itself.
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        schema.XKubernetesValidations = ValidationRules(
            property.GetCustomAttributes<CelRuleAttribute>().Concat(type.GetCustomAttributes<CelRuleAttribute>()));
        return schema;
    }

    /// <summary>Item attributes constrain the items of a list or the values of a map.</summary>
    private static void ApplyToItems(PropertyInfo property, V1JSONSchemaProps schema)
    {
        var itemPattern = property.GetCustomAttribute<ItemPatternAttribute>();
        var itemMaxLength = property.GetCustomAttribute<ItemMaxLengthAttribute>();
        if (itemPattern is null && itemMaxLength is null)
        {
            return;
        }

        var items = (schema.Items ?? schema.AdditionalProperties) as V1JSONSchemaProps
            ?? throw new InvalidOperationException(
                $"{property.DeclaringType?.Name}.{property.Name}: item attributes need a list or a map");
        items.Pattern = itemPattern?.Regex;
        items.MaxLength = itemMaxLength?.Length;
    }

    private static List<V1ValidationRule>? ValidationRules(IEnumerable<CelRuleAttribute> rules)
    {
        var list = rules
            .OrderBy(r => r.FieldPath ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(r => r.Rule, StringComparer.Ordinal)
            .Select(r => new V1ValidationRule { Rule = r.Rule, Message = r.Message, FieldPath = r.FieldPath })
            .ToList();
        return list.Count == 0 ? null : list;
    }

    private static V1JSONSchemaProps TypeSchema(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return new V1JSONSchemaProps { Type = "string" };
        }

        if (type == typeof(int))
        {
            return new V1JSONSchemaProps { Type = "integer", Format = "int32" };
        }

        if (type == typeof(long))
        {
            return new V1JSONSchemaProps { Type = "integer", Format = "int64" };
        }

        if (type == typeof(bool))
        {
            return new V1JSONSchemaProps { Type = "boolean" };
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return new V1JSONSchemaProps { Type = "string", Format = "date-time" };
        }

        if (WellKnownSchemas.For(type) is { } wellKnown)
        {
            return wellKnown;
        }

        if (MapValueType(type) is { } valueType)
        {
            return new V1JSONSchemaProps { Type = "object", AdditionalProperties = ItemSchema(valueType) };
        }

        if (ListItemType(type) is { } itemType)
        {
            return new V1JSONSchemaProps { Type = "array", Items = ItemSchema(itemType) };
        }

        if (type.IsClass)
        {
            return ObjectSchema(type);
        }

        throw new InvalidOperationException($"no schema mapping for {type}");
    }

    /// <summary>List items and map values have no property to describe them; object ones take their type's.</summary>
    private static V1JSONSchemaProps ItemSchema(Type type)
    {
        var schema = TypeSchema(type);
        schema.Description ??= TypeDescription(type);
        return schema;
    }

    private static string? TypeDescription(Type type) => type.GetCustomAttribute<DescriptionAttribute>()?.Text;

    private static Type? MapValueType(Type type) =>
        GenericArguments(type, typeof(IDictionary<,>)) is [var key, var value] && key == typeof(string) ? value : null;

    private static Type? ListItemType(Type type) =>
        type.IsArray ? type.GetElementType() : GenericArguments(type, typeof(IList<>)) is [var item] ? item : null;

    private static Type[]? GenericArguments(Type type, Type openInterface)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == openInterface)
        {
            return type.GetGenericArguments();
        }

        return type.GetInterfaces()
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == openInterface)
            ?.GetGenericArguments();
    }
}
