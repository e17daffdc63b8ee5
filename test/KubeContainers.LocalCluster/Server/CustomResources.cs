using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Schema;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Server;

/// <summary>
/// CustomResourceDefinitions: a CRD is Established the moment it is stored and its versions are served at
/// once; custom objects are pruned, defaulted and validated against their version's openAPIV3Schema.
/// </summary>
internal sealed class CustomResources(ResourceRegistry registry, ObjectStore store)
{
    public void Validate(ResourceType type, JsonObject obj, JsonObject? old, WriteOptions options)
    {
        if (type == BuiltinResources.CustomResourceDefinitions)
        {
            PrepareDefinition(obj);
        }
        else if (type is { IsCustom: true, Schema: { } schema })
        {
            ValidateCustomObject(type, obj, old, schema, options);
        }
    }

    public void AfterWrite(ResourceType type, JsonObject obj)
    {
        if (type == BuiltinResources.CustomResourceDefinitions)
        {
            var group = obj["spec"].Str("group")!;
            var plural = obj["spec"]!["names"].Str("plural")!;
            registry.SetCustom(group, plural, TypesOf(obj));
        }
    }

    public void AfterDelete(ResourceType type, JsonObject obj)
    {
        if (type != BuiltinResources.CustomResourceDefinitions)
        {
            return;
        }

        var group = obj["spec"].Str("group")!;
        var plural = obj["spec"]!["names"].Str("plural")!;
        var storageKey = $"{plural}.{group}";
        foreach (var item in store.List(storageKey, null).Items)
        {
            store.Remove(storageKey, item.Namespace, item.Name);
        }

        registry.RemoveCustom(group, plural);
    }

    /// <summary>The served versions of a CRD, storage version first (it is the preferred one in discovery).</summary>
    public static IReadOnlyList<ResourceType> TypesOf(JsonObject crd)
    {
        var spec = crd["spec"]!.AsObject();
        var names = spec["names"]!.AsObject();
        var kind = names.Str("kind")!;
        var plural = names.Str("plural")!;
        var versions = spec["versions"]!.AsArray().Select(v => v!.AsObject())
            .Where(v => v["served"]?.GetValue<bool>() ?? true)
            .OrderByDescending(v => v["storage"]?.GetValue<bool>() ?? false);
        return versions.Select(v => new ResourceType(
            spec.Str("group")!,
            v.Str("name")!,
            kind,
            plural,
            names.Str("singular") ?? kind.ToLowerInvariant(),
            spec.Str("scope") != "Cluster",
            v["subresources"]?["status"] is not null,
            Strings(names["shortNames"]),
            Strings(names["categories"]))
        {
            IsCustom = true,
            HasScale = v["subresources"]?["scale"] is JsonObject,
            CustomScale = v["subresources"]?["scale"] is JsonObject scale
                ? new ScalePaths(scale.Str("specReplicasPath")!, scale.Str("statusReplicasPath")!, scale.Str("labelSelectorPath"))
                : null,
            Schema = v["schema"]?["openAPIV3Schema"]?.DeepClone().AsObject(),
            Cel = v["schema"]?["openAPIV3Schema"] is JsonObject schema ? CelValidator.For(schema) : null,
            PrinterColumns = v["additionalPrinterColumns"] is JsonArray columns
                ? columns.Select(c => new PrinterColumn(
                    c.Str("name")!, c.Str("type") ?? "string", c.Str("jsonPath")!, c.Str("description"),
                    c?["priority"]?.GetValue<int>() ?? 0, c.Str("format"))).ToList()
                : null,
        }).ToList();
    }

    private static void PrepareDefinition(JsonObject crd)
    {
        var errors = new List<FieldError>();
        var spec = crd["spec"] as JsonObject;
        var group = spec.Str("group");
        var plural = spec?["names"].Str("plural");
        if (string.IsNullOrEmpty(group))
        {
            errors.Add(new FieldError("spec.group", "FieldValueRequired", "Required value"));
        }

        if (string.IsNullOrEmpty(plural))
        {
            errors.Add(new FieldError("spec.names.plural", "FieldValueRequired", "Required value"));
        }

        if (string.IsNullOrEmpty(spec?["names"].Str("kind")))
        {
            errors.Add(new FieldError("spec.names.kind", "FieldValueRequired", "Required value"));
        }

        if (spec.Str("scope") is not ("Namespaced" or "Cluster"))
        {
            errors.Add(new FieldError("spec.scope", "FieldValueNotSupported", $"Unsupported value: \"{spec.Str("scope")}\": supported values: \"Cluster\", \"Namespaced\""));
        }

        var versions = spec?["versions"] as JsonArray;
        if (versions is not { Count: > 0 })
        {
            errors.Add(new FieldError("spec.versions", "FieldValueInvalid", "Invalid value: null: must have exactly one version marked as storage version"));
        }
        else if (versions.Count(v => v?["storage"]?.GetValue<bool>() == true) != 1)
        {
            errors.Add(new FieldError("spec.versions", "FieldValueInvalid", "Invalid value: must have exactly one version marked as storage version"));
        }

        if (errors.Count == 0 && crd.Name() != $"{plural}.{group}")
        {
            errors.Add(new FieldError("metadata.name", "FieldValueInvalid", $"Invalid value: \"{crd.Name()}\": must be spec.names.plural+\".\"+spec.group"));
        }

        if (errors.Count == 0)
        {
            CheckValidationRules(versions!, errors);
        }

        if (errors.Count > 0)
        {
            throw ApiException.Invalid(BuiltinResources.CustomResourceDefinitions, crd.Name(), errors);
        }

        var names = spec!["names"]!.DeepClone().AsObject();
        names["singular"] ??= names.Str("kind")!.ToLowerInvariant();
        names["listKind"] ??= names.Str("kind") + "List";
        var now = crd.Metadata().Str("creationTimestamp");
        crd["status"] = new JsonObject
        {
            ["acceptedNames"] = names,
            ["storedVersions"] = new JsonArray(versions!.Where(v => v?["storage"]?.GetValue<bool>() == true).Select(v => (JsonNode)JsonValue.Create(v.Str("name"))!).ToArray()),
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", "no conflicts found", now),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted", now)),
        };
    }

    /// <summary>
    /// The x-kubernetes-validations of every version's schema, refused as the apiserver refuses them (a rule that
    /// does not compile: <c>compilation failed: ...</c>). The apiserver names the schema as its internal version
    /// holds it: <c>spec.validation.openAPIV3Schema</c> when every version has the same schema, else per version.
    /// </summary>
    private static void CheckValidationRules(JsonArray versions, List<FieldError> errors)
    {
        var schemas = versions.Select(v => v?["schema"]?["openAPIV3Schema"] as JsonObject).ToList();
        var shared = schemas.All(s => JsonKinds.DeepEquals(s, schemas[0]));
        for (var i = 0; i < schemas.Count; i++)
        {
            if (schemas[i] is { } schema)
            {
                errors.AddRange(CelValidator.CheckDefinition(schema, shared ? "spec.validation.openAPIV3Schema" : $"spec.versions[{i}].schema.openAPIV3Schema"));
            }

            if (shared)
            {
                break;
            }
        }
    }

    private static JsonObject Condition(string type, string reason, string message, string? time) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastTransitionTime"] = time,
        ["reason"] = reason,
        ["message"] = message,
    };

    private static void ValidateCustomObject(ResourceType type, JsonObject obj, JsonObject? old, JsonObject schema, WriteOptions options)
    {
        var unknown = SchemaPruner.Prune(obj, schema);
        if (unknown.Count > 0)
        {
            switch (options.FieldValidation)
            {
                case "Strict":
                    throw ApiException.BadRequest(
                        $"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: strict decoding error: " +
                        string.Join(", ", unknown.Select(u => $"unknown field \"{u}\"")));
                case "Warn":
                    options.Warnings.AddRange(unknown.Select(u => $"unknown field \"{u}\""));
                    break;
            }
        }

        SchemaDefaulter.ApplyDefaults(obj, schema);
        var errors = SchemaValidator.Validate(obj, schema).ToList();
        if (type.Cel is { } cel)
        {
            // As the apiserver's strategy: an object the schema refuses outright (wrong type, missing or unsupported
            // value, too long, too many) is not shown to the rules, which would only fail on it again.
            if (errors.Any(e => e.Reason is "FieldValueNotSupported" or "FieldValueRequired" or "FieldValueTooLong" or "FieldValueTooMany" or "FieldValueTypeInvalid"))
            {
                errors.Add(new FieldError("<nil>", "FieldValueInvalid",
                    "Invalid value: \"null\": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"));
            }
            else
            {
                var (celErrors, warnings) = cel.Validate(obj, old);
                errors.AddRange(celErrors);
                options.Warnings.AddRange(warnings);
            }
        }

        if (errors.Count > 0)
        {
            throw ApiException.Invalid(type, obj.Name(), errors);
        }
    }

    private static IReadOnlyList<string>? Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(s => s!.GetValue<string>()).ToList() : null;
}
