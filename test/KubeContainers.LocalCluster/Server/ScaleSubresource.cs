using System.Text.Json;
using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers;
using KubeContainers.LocalCluster.Patching;
using KubeContainers.LocalCluster.Selectors;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Server;

/// <summary>
/// The <c>/scale</c> subresource of Deployments and ReplicaSets (pkg/registry/apps/*/storage ScaleREST): an
/// autoscaling/v1 Scale built from the parent, writes that change only the parent's spec.replicas, and the
/// managedFields conversion between the two (apiserver's fieldmanager ScaleHandler).
/// </summary>
internal static class ScaleSubresource
{
    public const string Name = "scale";

    /// <summary>autoscaling/v1 Scale: what bodies are checked against and Invalid answers are named after.</summary>
    public static readonly ResourceType ScaleKind = new("autoscaling", "v1", "Scale", "scale", "scale", true);

    private static readonly string[] ReplicasPath = [FieldPath.Field("spec"), FieldPath.Field("replicas")];

    /// <summary>How the apiserver names the resource in NotFound and Conflict answers: <c>deployments/scale.apps</c>.</summary>
    public static ResourceType Resource(ResourceType parent) => parent with { Plural = $"{parent.Plural}/{Name}" };

    /// <summary>scaleFromDeployment / scaleFromReplicaSet: name, namespace, uid, resourceVersion and creationTimestamp of the parent.</summary>
    public static JsonObject FromParent(ResourceType type, JsonObject parent)
    {
        var meta = parent.Metadata();
        var scaleMeta = new JsonObject();
        foreach (var field in new[] { "name", "namespace", "uid", "resourceVersion", "creationTimestamp" })
        {
            if (meta[field] is { } value)
            {
                scaleMeta[field] = value.DeepClone();
            }
        }

        var spec = new JsonObject();
        var paths = type.CustomScale;
        // ScaleSpec.replicas is omitempty (0 is not written); an unset Deployment/ReplicaSet replicas defaults to 1,
        // a custom resource's missing one reads as 0.
        var replicas = paths is null
            ? parent["spec"] is JsonObject parentSpec && parentSpec["replicas"] is { } r ? ReadInt32(r) ?? 0 : 1
            : At(parent, paths.SpecReplicas) is { } cr ? ReadInt32(cr) ?? 0 : 0;
        if (replicas != 0)
        {
            spec["replicas"] = replicas;
        }

        var statusReplicas = At(parent, paths?.StatusReplicas ?? ".status.replicas") is { } sr ? ReadInt32(sr) ?? 0 : 0;
        var status = new JsonObject { ["replicas"] = statusReplicas };
        var selector = paths is null ? Selector(parent) : paths.LabelSelector is { } selectorPath ? At(parent, selectorPath)?.ToString() : null;
        if (selector is { Length: > 0 })
        {
            status["selector"] = selector;
        }

        return new JsonObject
        {
            ["kind"] = ScaleKind.Kind,
            ["apiVersion"] = ScaleKind.ApiVersion,
            ["metadata"] = scaleMeta,
            ["spec"] = spec,
            ["status"] = status,
        };
    }

    /// <summary>
    /// Checks a Scale a client sent (PUT) or a patch produced against the parent, and answers its spec.replicas:
    /// 400 for a body that is not an autoscaling/v1 Scale or names another object, 422 for negative replicas,
    /// 409 for a uid precondition that does not hold. A missing spec.replicas is 0, as Go decodes it.
    /// </summary>
    public static int Validate(ResourceType parentType, JsonObject parent, JsonObject scale)
    {
        var kind = scale.Str("kind");
        var apiVersion = scale.Str("apiVersion");
        if ((kind is not null || apiVersion is not null) && (kind != ScaleKind.Kind || apiVersion != ScaleKind.ApiVersion))
        {
            throw ApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({ScaleKind.ApiVersion}) or kind ({kind}) does not match {ScaleKind.Kind}");
        }

        var name = parent.Name();
        var meta = scale["metadata"] as JsonObject ?? [];
        if (meta.Str("name") is { Length: > 0 } bodyName && bodyName != name)
        {
            throw ApiException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        if (meta.Str("namespace") is { Length: > 0 } bodyNamespace && bodyNamespace != parent.Namespace())
        {
            throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        if (scale["spec"] is { } specNode and not JsonObject)
        {
            throw ApiException.BadRequest($"Scale in version \"v1\" cannot be handled as a Scale: json: cannot unmarshal {GoType(specNode)} into Go struct field Scale.spec of type v1.ScaleSpec");
        }

        var node = scale["spec"] is JsonObject spec ? spec["replicas"] : null;
        int replicas;
        if (node is null)
        {
            replicas = 0;
        }
        else if (ReadInt32(node) is { } value)
        {
            replicas = value;
        }
        else
        {
            throw ApiException.BadRequest($"Scale in version \"v1\" cannot be handled as a Scale: json: cannot unmarshal {GoType(node)} into Go struct field ScaleSpec.spec.replicas of type int32");
        }

        if (replicas < 0)
        {
            throw ApiException.Invalid(ScaleKind, name, [new FieldError("spec.replicas", "FieldValueInvalid", $"Invalid value: {replicas}: must be greater than or equal to 0")]);
        }

        if (meta.Str("uid") is { Length: > 0 } uid && uid != parent.Uid())
        {
            throw ApiException.Conflict(Resource(parentType), name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {parent.Uid()}");
        }

        return replicas;
    }

    /// <summary>
    /// ScaleHandler.ToSubresource: the parent's managers that own spec.replicas, as entries of the Scale
    /// (apiVersion autoscaling/v1, owning the Scale's spec.replicas); written into <paramref name="scale"/>.
    /// </summary>
    public static void ManagedFieldsToScale(JsonObject parent, JsonObject scale)
    {
        var entries = ManagedFieldsEntry.Read(parent)
            .Where(entry => entry.ApiVersion == parent.Str("apiVersion") && OwnsReplicas(entry))
            .Select(entry => new ManagedFieldsEntry
            {
                Manager = entry.Manager,
                Operation = entry.Operation,
                ApiVersion = ScaleKind.ApiVersion,
                Time = entry.Time,
                Subresource = entry.Subresource,
                Fields = ReplicasSet(),
            });
        ManagedFieldsEntry.Write(scale, entries);
    }

    /// <summary>
    /// ScaleHandler.ToParent: merges the Scale's managers after a write back into the parent's. A parent
    /// manager that owned spec.replicas keeps it only if it still owns the Scale's (else it loses that field,
    /// and the entry if nothing is left); every other Scale manager owning replicas becomes a parent entry in
    /// the parent's apiVersion (<c>kubectl</c>, Update, apps/v1, subresource scale, after <c>kubectl scale</c>).
    /// </summary>
    public static void ManagedFieldsToParent(JsonObject oldParent, JsonObject scale, JsonObject updatedParent)
    {
        var parentVersion = oldParent.Str("apiVersion");
        var scaleEntries = ManagedFieldsEntry.Read(scale).Where(OwnsReplicas).ToList();
        var result = new List<ManagedFieldsEntry>();
        foreach (var entry in ManagedFieldsEntry.Read(oldParent))
        {
            if (entry.ApiVersion != parentVersion || !OwnsReplicas(entry))
            {
                result.Add(entry);
                continue;
            }

            var kept = scaleEntries.Find(s => SameManager(s, entry));
            if (kept is not null)
            {
                scaleEntries.Remove(kept);
                result.Add(entry);
            }
            else
            {
                entry.Fields = entry.Fields.Difference(ReplicasSet());
                result.Add(entry);
            }
        }

        foreach (var entry in scaleEntries)
        {
            var converted = new ManagedFieldsEntry
            {
                Manager = entry.Manager,
                Operation = entry.Operation,
                ApiVersion = parentVersion,
                Time = entry.Time,
                Subresource = entry.Subresource,
                Fields = ReplicasSet(),
            };
            if (result.Find(r => SameManager(r, converted)) is { } existing)
            {
                // One entry per manager: an update entry that kept other fields takes replicas back, with the write's time.
                existing.Fields = existing.Fields.Union(converted.Fields);
                existing.Time = converted.Time ?? existing.Time;
            }
            else
            {
                result.Add(converted);
            }
        }

        ManagedFieldsEntry.Write(updatedParent, result);
    }

    /// <summary>The apiserver keys managers by name, operation, subresource and, for updates, apiVersion.</summary>
    private static bool SameManager(ManagedFieldsEntry a, ManagedFieldsEntry b) =>
        a.Manager == b.Manager && a.Operation == b.Operation && (a.Subresource ?? "") == (b.Subresource ?? "")
        && (a.Operation == ManagedFieldsEntry.ApplyOperation || a.ApiVersion == b.ApiVersion);

    private static bool OwnsReplicas(ManagedFieldsEntry entry) => !entry.Fields.Intersection(ReplicasSet()).IsEmpty;

    private static FieldSet ReplicasSet()
    {
        var set = new FieldSet();
        set.Insert(ReplicasPath);
        return set;
    }

    /// <summary>Sets the parent's desired replicas: spec.replicas, or a CRD's specReplicasPath.</summary>
    public static void SetReplicas(ResourceType type, JsonObject parent, int replicas)
    {
        var segments = ScalePaths.Segments(type.CustomScale?.SpecReplicas ?? ".spec.replicas");
        var node = parent;
        foreach (var segment in segments[..^1])
        {
            node = node.Child(segment);
        }

        node[segments[^1]] = replicas;
    }

    private static JsonNode? At(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var segment in ScalePaths.Segments(path))
        {
            node = node is JsonObject o ? o[segment] : null;
        }

        return node;
    }

    /// <summary>status.selector: metav1.LabelSelectorAsSelector(spec.selector).String(); 400 for a selector that does not parse.</summary>
    private static string Selector(JsonObject parent)
    {
        try
        {
            return LabelSelector.FromJson(parent["spec"]?["selector"] as JsonObject).ToString();
        }
        catch (FormatException e)
        {
            throw ApiException.BadRequest($"invalid label selector: {e.Message}");
        }
    }

    /// <summary>How encoding/json names the JSON value it could not decode.</summary>
    private static string GoType(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => $"number {node.ToJsonString()}",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Array => "array",
        _ => "object",
    };

    private static int? ReadInt32(JsonNode node) =>
        JsonFields.AsLong(node) is { } value and >= int.MinValue and <= int.MaxValue ? (int)value : null;
}
