using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;

namespace KubeContainers.LocalCluster.Schema;

/// <summary>
/// JSON values as CEL sees them under a structural schema, as the apiserver's UnstructuredToVal does: objects and
/// maps become maps without their null-valued fields (has() treats those as absent), integers int, numbers double
/// (an integral literal under <c>type: number</c> too), strings with <c>format: date-time</c> timestamps and with
/// <c>format: duration</c> durations. At the root of a resource (and of an embedded resource) <c>metadata</c>
/// shows only <c>name</c> and <c>generateName</c>.
/// </summary>
internal static partial class CelValues
{
    /// <param name="fields">The fields of an object value the rules read (their CEL names); null for all.</param>
    public static object? From(JsonNode? value, JsonObject? schema, bool isResourceRoot, IReadOnlySet<string>? fields = null)
    {
        if (value is not JsonObject obj)
        {
            return From(value, schema);
        }

        var map = Object(obj, schema, fields);
        if (isResourceRoot && map.ContainsKey("metadata") && obj["metadata"] is JsonObject metadata)
        {
            var visible = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var field in ResourceMetadataFields)
            {
                if (metadata[field] is JsonValue v && v.TryGetValue<string>(out var text))
                {
                    visible[field] = text;
                }
            }

            map["metadata"] = visible;
        }

        return map;
    }

    /// <summary>The schema a rule at a resource root sees: apiVersion and kind strings, metadata with only name and
    /// generateName (model.WithTypeAndObjectMeta).</summary>
    public static JsonObject ResourceRootType(JsonObject schema)
    {
        var type = schema.DeepClone().AsObject();
        if (SchemaKeywords.Properties(type) is not { } props)
        {
            props = [];
            type["properties"] = props;
        }

        props["apiVersion"] = new JsonObject { ["type"] = "string" };
        props["kind"] = new JsonObject { ["type"] = "string" };
        props["metadata"] = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["name"] = new JsonObject { ["type"] = "string" },
                ["generateName"] = new JsonObject { ["type"] = "string" },
            },
        };
        return type;
    }

    /// <summary>The metadata fields a rule at a resource root can read.</summary>
    public static readonly IReadOnlyList<string> ResourceMetadataFields = ["name", "generateName"];

    private static object? From(JsonNode? value, JsonObject? schema)
    {
        switch (value)
        {
            case null:
                return null;
            case JsonObject obj:
                return Object(obj, schema, null);
            case JsonArray array:
                var items = schema is null ? null : SchemaKeywords.Items(schema);
                return array.Select(x => From(x, items)).ToList();
        }

        var scalar = (JsonValue)value;
        switch (scalar.GetValueKind())
        {
            case System.Text.Json.JsonValueKind.True:
                return true;
            case System.Text.Json.JsonValueKind.False:
                return false;
            case System.Text.Json.JsonValueKind.Number:
                // An integral literal that fits int64 is an int, unless the schema says number (then a double).
                var isNumber = schema is not null && SchemaKeywords.String(schema, "type") == "number";
                var number = JsonNumber.From(scalar)!.Value;
                return number.IsInteger && !isNumber ? (object)number.Integer : number.AsDouble;
        }

        var text = scalar.GetValue<string>();
        return (schema is null ? null : SchemaKeywords.String(schema, "format")) switch
        {
            "date-time" when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) => time,
            "duration" when TryDuration(text) is { } duration => duration,
            _ => text,
        };
    }

    private static Dictionary<string, object?> Object(JsonObject obj, JsonObject? schema, IReadOnlySet<string>? fields)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, child) in obj)
        {
            if (child is null)
            {
                continue;
            }

            // Declared properties go by their escaped CEL name (foo-bar is self.foo__dash__bar); map keys as they are.
            if (schema is not null && SchemaKeywords.Property(schema, key) is { } property)
            {
                if (CelNames.Escape(key) is { } name && (fields is null || fields.Contains(name)))
                {
                    map[name] = From(child, property);
                }

                continue;
            }

            if (fields is null || fields.Contains(key))
            {
                map[key] = From(child, schema is null ? null : SchemaKeywords.AdditionalProperties(schema));
            }
        }

        return map;
    }

    /// <summary>Go's time.ParseDuration, as <c>format: duration</c> values are parsed: a sequence of decimal numbers
    /// with units h, m, s, ms, us (or µs) and ns, optionally signed ("1h30m", "250ms", "-1.5h").</summary>
    private static Duration? TryDuration(string text)
    {
        var match = DurationPattern().Match(text);
        if (!match.Success || text is "" or "-" or "+")
        {
            return text == "0" ? new Duration() : null;
        }

        var nanos = 0m;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unit = part.Value.TrimStart("0123456789.".ToCharArray());
            var amount = decimal.Parse(part.Value[..^unit.Length], CultureInfo.InvariantCulture);
            nanos += amount * unit switch
            {
                "h" => 3_600_000_000_000m,
                "m" => 60_000_000_000m,
                "s" => 1_000_000_000m,
                "ms" => 1_000_000m,
                "us" or "\u00b5s" => 1_000m,
                _ => 1m,
            };
        }

        if (text.StartsWith('-'))
        {
            nanos = -nanos;
        }

        var whole = decimal.Truncate(nanos);
        return new Duration { Seconds = (long)decimal.Truncate(whole / 1_000_000_000m), Nanos = (int)(whole % 1_000_000_000m) };
    }

    [GeneratedRegex(@"^[-+]?(?<part>(\d+(\.\d*)?|\.\d+)(h|m|s|ms|us|\u00b5s|ns))+$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
