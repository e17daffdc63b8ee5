using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;

namespace KubeContainers.Runtime.Client;

/// <summary>Reads <c>metadata.managedFields</c> as null without building it: the informer drops them from every object
/// it caches, and they are often the largest part of an object (one entry per field manager, each a tree of the
/// fields it owns). Only for reading watch events (<see cref="WatchStream"/>); writing is KubernetesClient's.</summary>
internal sealed class ManagedFieldsSkipper : JsonConverter<IList<V1ManagedFieldsEntry>>
{
    /// <summary>KubernetesClient's options with this converter first.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    public override bool HandleNull => true;

    public override IList<V1ManagedFieldsEntry>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        reader.Skip();
        return null;
    }

    public override void Write(Utf8JsonWriter writer, IList<V1ManagedFieldsEntry> value, JsonSerializerOptions options) =>
        throw new NotSupportedException("Only for reading watch events.");

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(KubernetesJsonOptions.Value);
        options.Converters.Insert(0, new ManagedFieldsSkipper());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
