using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;

namespace KubeContainers.Runtime.Children;

/// <summary>
/// "Does the live object still say what we asked for?" Every field we set must be there with the same value; fields
/// we did not set (server defaults, other controllers' fields) are ignored. That is what makes a steady state write
/// nothing without re-implementing every server default.
/// </summary>
internal static class JsonContainment
{
    public static bool Contains(JsonNode? actual, JsonNode? wanted) => wanted switch
    {
        null => true,
        JsonObject fields => ContainsObject(actual, fields),
        JsonArray items => ContainsArray(actual, items),
        _ => actual is JsonValue && SameValue(actual, wanted),
    };

    private static bool ContainsObject(JsonNode? actual, JsonObject wanted)
    {
        if (actual is not JsonObject present)
        {
            // Go's omitempty drops empty maps, so "{}" asked for reads back as absent.
            return actual is null && wanted.Count == 0;
        }

        foreach (var (name, value) in wanted)
        {
            if (!present.TryGetPropertyValue(name, out var other))
            {
                if (!IsEmpty(value))
                {
                    return false;
                }

                continue;
            }

            if (!Contains(other, value))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ContainsArray(JsonNode? actual, JsonArray wanted)
    {
        if (actual is not JsonArray present)
        {
            return actual is null && wanted.Count == 0;
        }

        if (present.Count != wanted.Count)
        {
            return false;
        }

        for (var i = 0; i < wanted.Count; i++)
        {
            if (!Contains(present[i], wanted[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsEmpty(JsonNode? node) => node switch
    {
        null => true,
        JsonObject o => o.Count == 0,
        JsonArray a => a.Count == 0,
        _ => false,
    };

    private static bool SameValue(JsonNode actual, JsonNode wanted)
    {
        if (JsonNode.DeepEquals(actual, wanted))
        {
            return true;
        }

        // The apiserver stores quantities in canonical form ("0.5" reads back as "500m").
        return actual.GetValueKind() == JsonValueKind.String && wanted.GetValueKind() == JsonValueKind.String
            && SameQuantity(actual.GetValue<string>(), wanted.GetValue<string>());
    }

    private static bool SameQuantity(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0 || !(char.IsAsciiDigit(a[0]) || a[0] is '.' or '-' or '+') || !(char.IsAsciiDigit(b[0]) || b[0] is '.' or '-' or '+'))
        {
            return false;
        }

        try
        {
            return new ResourceQuantity(a).Equals(new ResourceQuantity(b));
        }
        catch (FormatException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
