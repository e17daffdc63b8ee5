using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using KubeContainers.Api;

namespace KubeContainers.Deploy.Tests.ArgoCd;

/// <summary>
/// Argo CD testdata checked against the API types: a ManagedContainer read from YAML, through
/// <see cref="V1Alpha1ManagedContainer"/> and back. A field the API does not have, or of another type, would not
/// survive, so a check or an action tested on it would be tested on an object the operator never sees.
/// </summary>
internal static class ApiRoundTrip
{
    /// <summary>Fails unless <paramref name="part"/> (spec, status) survives the API types unchanged. A part the
    /// YAML leaves out is not compared: the API types start with an empty status.</summary>
    public static void ShouldKeep(JsonObject yaml, string part, string what)
    {
        var typed = KubernetesJson.Deserialize<V1Alpha1ManagedContainer>(yaml.ToJsonString());
        typed.Kind.ShouldBe(V1Alpha1ManagedContainer.KubeKind, what);
        if (yaml[part] is null)
        {
            return;
        }

        var roundTripped = JsonNode.Parse(KubernetesJson.Serialize(typed))!;

        JsonNode.DeepEquals(Normalized(yaml[part]), Normalized(roundTripped[part]))
            .ShouldBeTrue($"{what}: {part} is not what the API writes:\n{yaml[part]?.ToJsonString()}\n{roundTripped[part]?.ToJsonString()}");
    }

    /// <summary>Times as instants (the API may write 09:30:00Z as 09:30:00.000Z), numbers as numbers.</summary>
    private static JsonNode? Normalized(JsonNode? node) => node switch
    {
        JsonObject map => new JsonObject(map.Select(e => KeyValuePair.Create(e.Key, Normalized(e.Value)))),
        JsonArray list => new JsonArray([.. list.Select(Normalized)]),
        JsonValue value when value.GetValueKind() == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time)
            && value.GetValue<string>().Contains('T', StringComparison.Ordinal) => JsonValue.Create(time.ToUniversalTime()),
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => JsonValue.Create(value.GetValue<double>()),
        _ => node?.DeepClone(),
    };
}
