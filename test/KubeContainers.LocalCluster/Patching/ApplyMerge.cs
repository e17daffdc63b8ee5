using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Patching;

/// <summary>
/// Merges an applied configuration into the live object as structured-merge-diff does: objects merge per
/// field (unless atomic), map and set lists merge per element, everything else is replaced by the
/// configuration; a null in the configuration removes the field.
/// </summary>
internal static class ApplyMerge
{
    public static JsonObject Merge(JsonObject? live, JsonObject config, SchemaNode schema) =>
        MergeFields(live is null ? [] : (JsonObject)live.DeepClone(), config, schema);

    /// <summary>Merges into <paramref name="live"/>, a private copy, and returns it.</summary>
    private static JsonObject MergeFields(JsonObject live, JsonObject config, SchemaNode schema)
    {
        foreach (var (name, value) in config)
        {
            if (value is null)
            {
                live.Remove(name);
                continue;
            }

            live.TryGetPropertyValue(name, out var current);
            var merged = MergeValue(current, value, schema.Field(name));
            if (!ReferenceEquals(merged, current))
            {
                live[name] = merged;
            }
        }

        return live;
    }

    private static JsonNode MergeValue(JsonNode? live, JsonNode config, SchemaNode schema) => (live, config) switch
    {
        (JsonObject liveObject, JsonObject configObject) when !schema.Atomic => MergeFields(liveObject, configObject, schema),
        (JsonArray liveList, JsonArray configList)
            when ListElements.Keys(liveList, schema) is { } liveKeys && ListElements.Keys(configList, schema) is { } configKeys
            => MergeElements(liveList, liveKeys, configList, configKeys, schema.Element()),
        _ => WithoutNulls(config),
    };

    /// <summary>
    /// Applied elements come in configuration order; live-only elements keep their place relative to the
    /// shared ones and precede new elements that follow them, which is how structured-merge-diff interleaves.
    /// </summary>
    private static JsonArray MergeElements(JsonArray live, string[] liveKeys, JsonArray config, string[] configKeys, SchemaNode element)
    {
        var liveIndex = liveKeys.Select((key, index) => (key, index)).ToDictionary(pair => pair.key, pair => pair.index, StringComparer.Ordinal);
        var applied = configKeys.ToHashSet(StringComparer.Ordinal);
        var result = new JsonArray();
        var next = 0;

        void KeepLiveOnly(int until)
        {
            for (; next < until; next++)
            {
                if (!applied.Contains(liveKeys[next]))
                {
                    result.Add(live[next]?.DeepClone());
                }
            }
        }

        for (var i = 0; i < config.Count; i++)
        {
            if (liveIndex.TryGetValue(configKeys[i], out var at))
            {
                KeepLiveOnly(at);
                next = Math.Max(next, at + 1);
                result.Add(MergeValue(live[at]?.DeepClone(), config[i]!, element));
                continue;
            }

            while (next < live.Count && !applied.Contains(liveKeys[next]))
            {
                result.Add(live[next++]?.DeepClone());
            }

            result.Add(WithoutNulls(config[i]!));
        }

        KeepLiveOnly(live.Count);
        return result;
    }

    private static JsonNode WithoutNulls(JsonNode node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Where(member => member.Value is not null)
            .Select(member => KeyValuePair.Create(member.Key, (JsonNode?)WithoutNulls(member.Value!)))),
        JsonArray list => new JsonArray(list.Select(item => item is null ? null : WithoutNulls(item)).ToArray()),
        _ => node.DeepClone(),
    };
}
