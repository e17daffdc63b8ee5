using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Schema;

/// <summary>
/// Structural defaulting as the apiextensions-apiserver applies it when decoding a request and when
/// reading from storage: a property's <c>default</c> fills an absent key (or a null one when the
/// property is not nullable) of an object that exists, recursively, including inside values that were
/// just defaulted. Nulls for non-nullable fields without a default are dropped, as the apiserver does
/// before validation.
/// </summary>
public static class SchemaDefaulter
{
    /// <summary>Mutates <paramref name="value"/> in place.</summary>
    public static void ApplyDefaults(JsonNode? value, JsonObject schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        Default(value, schema);
        PruneNulls(value, schema);
    }

    private static bool IsNonNullableNull(JsonNode? value, JsonObject? schema) =>
        value is null && schema is not null && !SchemaKeywords.IsNullable(schema);

    private static bool HasDefault(JsonObject schema) => schema.ContainsKey("default") && schema["default"] is not null;

    private static void Default(JsonNode? value, JsonObject schema)
    {
        switch (value)
        {
            case JsonObject obj:
                if (SchemaKeywords.Properties(schema) is { } props)
                {
                    foreach (var (name, property) in props)
                    {
                        if (property is JsonObject ps && HasDefault(ps)
                            && (!obj.TryGetPropertyValue(name, out var current) || IsNonNullableNull(current, ps)))
                        {
                            obj[name] = ps["default"]!.DeepClone();
                        }
                    }
                }

                var additional = SchemaKeywords.AdditionalProperties(schema);
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (SchemaKeywords.Property(schema, key) is { } property)
                    {
                        Default(obj[key], property);
                    }
                    else if (additional is not null)
                    {
                        if (IsNonNullableNull(obj[key], additional) && HasDefault(additional))
                        {
                            obj[key] = additional["default"]!.DeepClone();
                        }

                        Default(obj[key], additional);
                    }
                }

                break;
            case JsonArray array when SchemaKeywords.Items(schema) is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    if (IsNonNullableNull(array[i], items) && HasDefault(items))
                    {
                        array[i] = items["default"]!.DeepClone();
                    }

                    Default(array[i], items);
                }

                break;
        }
    }

    private static void PruneNulls(JsonNode? value, JsonObject schema)
    {
        switch (value)
        {
            case JsonObject obj:
                var additional = SchemaKeywords.AdditionalProperties(schema);
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    var childSchema = SchemaKeywords.Property(schema, key) ?? additional;
                    if (childSchema is null)
                    {
                        continue;
                    }

                    if (IsNonNullableNull(obj[key], childSchema) && !HasDefault(childSchema))
                    {
                        obj.Remove(key);
                    }
                    else
                    {
                        PruneNulls(obj[key], childSchema);
                    }
                }

                break;
            case JsonArray array when SchemaKeywords.Items(schema) is { } items:
                foreach (var item in array)
                {
                    PruneNulls(item, items);
                }

                break;
        }
    }
}
