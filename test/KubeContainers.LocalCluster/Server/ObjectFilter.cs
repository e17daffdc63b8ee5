using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Selectors;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Server;

/// <summary>The label and field selectors of one list or watch request, checked once and applied to many objects.</summary>
public sealed class ObjectFilter
{
    private readonly LabelSelector? _labels;
    private readonly FieldSelector? _fields;

    private ObjectFilter(LabelSelector? labels, FieldSelector? fields)
    {
        _labels = labels;
        _fields = fields;
    }

    public static ObjectFilter Parse(ResourceType type, ListOptions options)
    {
        try
        {
            var labels = string.IsNullOrWhiteSpace(options.LabelSelector) ? null : LabelSelector.Parse(options.LabelSelector);
            var fields = string.IsNullOrWhiteSpace(options.FieldSelector) ? null : FieldSelector.Parse(options.FieldSelector);
            if (fields is not null && FieldSelector.UnsupportedField(fields, type.Group, type.Kind) is { } unsupported)
            {
                throw ApiException.BadRequest($"field label not supported: {unsupported}");
            }

            return new ObjectFilter(labels, fields);
        }
        catch (FormatException e)
        {
            throw ApiException.BadRequest($"{e.Message}");
        }
    }

    /// <summary>No selector: every object matches.</summary>
    public bool IsEmpty => _labels is null && _fields is null;

    public bool Matches(StoredObject stored) =>
        (_labels is null || _labels.Matches(stored.Labels)) &&
        (_fields is null || _fields.Matches(stored.ToJsonObject()));
}
