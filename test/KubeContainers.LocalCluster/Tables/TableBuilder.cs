using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Schema;

namespace KubeContainers.LocalCluster.Tables;

/// <summary>
/// Builds the <c>meta.k8s.io/v1 Table</c> the apiserver returns for
/// <c>Accept: application/json;as=Table;v=v1;g=meta.k8s.io</c>:
/// custom resources get NAME plus their additionalPrinterColumns (NAME, AGE when they declare none);
/// built-in kinds get their server-side printer columns (always the wide set); any other built-in kind
/// gets the default convertor's NAME and CREATED AT.
/// </summary>
public static class TableBuilder
{
    private static readonly PrinterColumn CustomAge = new("Age", "date", ".metadata.creationTimestamp", BuiltInPrinters.CreationTimestampDescription);

    /// <param name="objects">The objects, one row each.</param>
    /// <param name="group">API group ("" for core).</param>
    /// <param name="kind">Kind, e.g. "Pod".</param>
    /// <param name="customColumns">A CRD version's additionalPrinterColumns; null for built-ins and for CRDs without columns.</param>
    /// <param name="includeObject">None, Metadata (the default) or Object: what each row's <c>object</c> carries.</param>
    /// <param name="now">The clock ages are computed against.</param>
    /// <param name="resourceVersion">metadata.resourceVersion of the table (the list's).</param>
    /// <param name="continueToken">metadata.continue of the table.</param>
    public static JsonObject Build(
        IEnumerable<JsonObject> objects,
        string group,
        string kind,
        IReadOnlyList<PrinterColumn>? customColumns,
        string includeObject,
        DateTimeOffset now,
        string? resourceVersion,
        string? continueToken)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var mode = string.IsNullOrEmpty(includeObject) ? "Metadata" : includeObject;
        var metadata = new JsonObject();
        if (!string.IsNullOrEmpty(resourceVersion))
        {
            metadata["resourceVersion"] = resourceVersion;
        }

        if (!string.IsNullOrEmpty(continueToken))
        {
            metadata["continue"] = continueToken;
        }

        var (columns, cells) = Layout(group, kind, customColumns, now);
        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var row = new JsonObject { ["cells"] = new JsonArray([.. cells(obj)]) };
            if (RowObject(obj, mode) is { } rowObject)
            {
                row["object"] = rowObject;
            }

            rows.Add(row);
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata,
            ["columnDefinitions"] = new JsonArray([.. columns.Select(ColumnDefinition)]),
            ["rows"] = rows,
        };
    }

    /// <summary>The columns a kind is printed with (NAME included), or null when it uses the default NAME/CREATED AT.</summary>
    public static IReadOnlyList<PrinterColumn>? BuiltInColumns(string group, string kind) => BuiltInPrinters.ColumnsFor(group, kind);

    /// <summary>
    /// CRD groups always contain a dot and are never *.k8s.io (that suffix needs API approval), so a kind
    /// without columns in such a group is a custom resource and gets the CRD default AGE column.
    /// </summary>
    private static bool IsCustomGroup(string group) =>
        group.Contains('.', StringComparison.Ordinal) && !group.EndsWith(".k8s.io", StringComparison.Ordinal) && group != "k8s.io";

    private static (IReadOnlyList<PrinterColumn> Columns, Func<JsonObject, IEnumerable<JsonNode?>> Cells) Layout(
        string group, string kind, IReadOnlyList<PrinterColumn>? customColumns, DateTimeOffset now)
    {
        var nameColumn = new PrinterColumn("Name", "string", ".metadata.name", BuiltInPrinters.NameDescription, 0, "name");
        if (customColumns is { Count: > 0 } || (customColumns is not null || IsCustomGroup(group)) && BuiltInPrinters.ColumnsFor(group, kind) is null)
        {
            var custom = customColumns is { Count: > 0 } ? customColumns : [CustomAge];
            var columns = new List<PrinterColumn> { nameColumn };
            columns.AddRange(custom.Select(c => c with
            {
                Description = string.IsNullOrEmpty(c.Description) ? $"Custom resource definition column (in JSONPath format): {c.JsonPath}" : c.Description,
            }));
            return (columns, obj => CustomCells(obj, custom, now));
        }

        if (BuiltInPrinters.ColumnsFor(group, kind) is { } builtIn)
        {
            return (builtIn, obj => BuiltInPrinters.CellsFor(group, kind, obj, now));
        }

        // rest.defaultTableConvertor: the name and the creation time as an RFC 3339 string.
        var createdAt = new PrinterColumn("Created At", "date", string.Empty, BuiltInPrinters.CreationTimestampDescription);
        return ([nameColumn, createdAt], obj =>
        [
            BuiltInPrinters.Str(obj, "metadata", "name") ?? string.Empty,
            HumanDuration.TryParseTime(BuiltInPrinters.Str(obj, "metadata", "creationTimestamp")) is { } created
                ? created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
                : "0001-01-01T00:00:00Z",
        ]);
    }

    /// <summary>
    /// The apiextensions tableconvertor: only the first JSONPath result counts; string columns print it
    /// (objects as JSON), integer/number/boolean keep JSON types, date columns become an age, anything
    /// missing or of the wrong type is null.
    /// </summary>
    private static IEnumerable<JsonNode?> CustomCells(JsonObject obj, IReadOnlyList<PrinterColumn> columns, DateTimeOffset now)
    {
        yield return BuiltInPrinters.Str(obj, "metadata", "name") ?? string.Empty;
        foreach (var column in columns)
        {
            IReadOnlyList<JsonNode?> results;
            try
            {
                results = JsonPathEvaluator.Evaluate(obj, column.JsonPath);
            }
            catch (FormatException)
            {
                results = [];
            }

            yield return results.Count == 0 ? null : Cell(column.Type, results[0], now);
        }
    }

    private static JsonNode? Cell(string type, JsonNode? value, DateTimeOffset now)
    {
        if (value is null)
        {
            return null;
        }

        var number = JsonNumber.From(value);
        var kind = value.GetValueKind();
        return type switch
        {
            "string" => JsonPathEvaluator.FormatValue(value),
            "integer" when number is { } n => n.IsInteger ? n.Integer : (long)n.Float,
            "number" when number is { } n => n.AsDouble,
            "boolean" when kind is JsonValueKind.True or JsonValueKind.False => kind == JsonValueKind.True,
            "date" when kind == JsonValueKind.String => HumanDuration.TryParseTime(value.GetValue<string>()) is { } t
                ? HumanDuration.Format(now - t)
                : "<invalid>",
            _ => null,
        };
    }

    private static JsonObject ColumnDefinition(PrinterColumn column) => new()
    {
        ["name"] = column.Name,
        ["type"] = column.Type,
        ["format"] = column.Format ?? string.Empty,
        ["description"] = column.Description ?? string.Empty,
        ["priority"] = column.Priority,
    };

    private static JsonObject? RowObject(JsonObject obj, string mode)
    {
        if (string.Equals(mode, "None", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (string.Equals(mode, "Object", StringComparison.OrdinalIgnoreCase))
        {
            return obj.DeepClone().AsObject();
        }

        return new JsonObject
        {
            ["kind"] = "PartialObjectMetadata",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = obj["metadata"]?.DeepClone() ?? new JsonObject(),
        };
    }
}
