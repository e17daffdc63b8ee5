using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Admission;
using KubeContainers.LocalCluster.Admission.Policy;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Server;

/// <summary>
/// The apiserver's registry: create, get, list, update, patch and delete with Kubernetes semantics
/// (uid, generation, resourceVersion preconditions, status subresource, finalizers, admission, CRD schemas).
/// The HTTP handlers and the simulated controllers both go through here; nothing writes the store directly.
/// </summary>
public sealed class ResourceService
{
    private readonly ObjectStore _store;
    private readonly IReadOnlyList<IAdmissionPlugin> _admission;
    private readonly TimeProvider _clock;
    private readonly CustomResources _custom;
    private readonly ValidatingPolicies _policies;

    public ResourceService(ObjectStore store, ResourceRegistry registry, IReadOnlyList<IAdmissionPlugin> admission, TimeProvider clock)
    {
        _store = store;
        Registry = registry;
        _admission = admission;
        _clock = clock;
        _custom = new CustomResources(registry, store);
        _policies = new ValidatingPolicies(store, registry);
    }

    public ResourceRegistry Registry { get; }

    public ObjectStore Store => _store;

    public DateTimeOffset Now => _clock.GetUtcNow();

    public JsonObject Get(ResourceType type, string? ns, string name) =>
        (_store.Get(type.StorageKey, ns, name) ?? throw ApiException.NotFound(type, name)).ToJsonObject();

    public JsonObject? TryGet(ResourceType type, string? ns, string name) =>
        _store.Get(type.StorageKey, ns, name)?.ToJsonObject();

    /// <summary>
    /// A list, paged as kube-apiserver's etcd3 store pages it: from the key after the continue token, objects are read
    /// in key order and matched until the page is full; the list goes on (a continue token) when any key, matching or
    /// not, is left after the page's last; so a filtered list may end with an empty page, and its remaining count is
    /// left out, as etcd's count would include objects the selectors drop. A page reads no further than it must.
    /// </summary>
    public ListResult List(ResourceType type, string? ns, ListOptions options)
    {
        var filter = ObjectFilter.Parse(type, options);
        var (all, revision) = _store.List(type.StorageKey, ns);
        var next = 0;
        if (!string.IsNullOrEmpty(options.Continue))
        {
            (revision, var after) = ContinueToken.Decode(options.Continue);
            next = FirstKeyAfter(all, after);
        }

        var page = new List<StoredObject>();
        for (; next < all.Count && (options.Limit <= 0 || page.Count < options.Limit); next++)
        {
            if (filter.Matches(all[next]))
            {
                page.Add(all[next]);
            }
        }

        if (next == all.Count)
        {
            return new ListResult(page, revision, null, null);
        }

        long? remaining = filter.IsEmpty ? all.Count - next : null;
        return new ListResult(page, revision, ContinueToken.Encode(revision, page[^1].Key), remaining);
    }

    /// <summary>The index of the first object whose key sorts after <paramref name="key"/> (the list is in key order).</summary>
    private static int FirstKeyAfter(IReadOnlyList<StoredObject> sorted, string key)
    {
        int low = 0, high = sorted.Count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (string.CompareOrdinal(sorted[middle].Key, key) <= 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    public JsonObject Create(ResourceType type, string? ns, JsonObject body, WriteOptions options) =>
        CreateCore(type, ns, body, options, recordManagedFields: true);

    private JsonObject CreateCore(ResourceType type, string? ns, JsonObject body, WriteOptions options, bool recordManagedFields)
    {
        CheckKind(type, body);
        var meta = body.Metadata();
        ns = ScopeNamespace(type, ns, meta);
        if (meta.Str("name") is not { Length: > 0 })
        {
            if (meta.Str("generateName") is { Length: > 0 } prefix)
            {
                meta["name"] = NameRules.Generate(prefix);
            }
            else
            {
                throw ApiException.Invalid(type, "", [new FieldError("metadata.name", "FieldValueRequired", "Required value: name or generateName is required")]);
            }
        }

        var name = body.Name();
        return _store.Locked(() =>
        {
            if (ns is not null)
            {
                RequireWritableNamespace(type, ns, name);
            }

            if (_store.Get(type.StorageKey, ns, name) is not null)
            {
                throw ApiException.AlreadyExists(type, name);
            }

            var now = Now;
            meta["uid"] = Guid.NewGuid().ToString();
            meta["creationTimestamp"] = ObjectMeta.Timestamp(now);
            meta["generation"] = 1;
            foreach (var system in new[] { "resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink" })
            {
                meta.Remove(system);
            }

            if (type.HasStatus && type.ResetStatusOnCreate)
            {
                body.Remove("status");
            }

            var errors = NameRules.Validate(name, type.NameIsDnsLabel, type.NameIsPathSegment).ToList();
            if (errors.Count > 0)
            {
                throw ApiException.Invalid(type, name, errors);
            }

            var create = new AdmissionRequest(type, "CREATE", body, null, null, this) { Warnings = options.Warnings, DryRun = options.DryRun, User = options.User };
            Admit(create);
            _custom.Validate(type, body, null, options);
            _policies.Admit(create);
            if (recordManagedFields)
            {
                ManagedFieldsTracker.RecordWrite(null, body, options.Manager, null, now);
            }

            if (options.DryRun)
            {
                return body;
            }

            var stored = _store.Put(type.StorageKey, body);
            _custom.AfterWrite(type, body);
            return stored.ToJsonObject();
        });
    }

    /// <summary>PUT: replaces the object (or only its status), failing on a stale resourceVersion.</summary>
    public JsonObject Update(ResourceType type, string? ns, string name, JsonObject body, string? subresource, WriteOptions options)
    {
        CheckKind(type, body);
        CheckName(body, name);
        return _store.Locked(() =>
        {
            var old = Get(type, ns, name);
            if (body.ResourceVersion() is { Length: > 0 } rv && rv != old.ResourceVersion())
            {
                throw ApiException.StaleResourceVersion(type, name);
            }

            return Commit(type, old, Merge(type, old, body, subresource), subresource, options, recordManagedFields: true);
        });
    }

    /// <summary>PATCH in any of the four patch types; server-side apply creates the object when it is missing.</summary>
    public JsonObject Patch(ResourceType type, string? ns, string name, string patchType, JsonNode patch, string? subresource, WriteOptions options, bool force)
    {
        return _store.Locked(() =>
        {
            var current = _store.Get(type.StorageKey, ns, name);
            var isApply = patchType == PatchTypes.Apply;
            if (current is null)
            {
                if (!isApply || subresource is not null)
                {
                    throw ApiException.NotFound(type, name);
                }

                var created = ApplyPatch.ApplyOrThrow(type, null, patch.AsObject(), options.Manager, force, null, Now);
                created.Metadata()["name"] = name;
                return CreateCore(type, ns, created, options, recordManagedFields: false);
            }

            var old = current.ToJsonObject();
            JsonObject patched;
            if (isApply)
            {
                CheckKind(type, patch.AsObject());
                patched = ApplyPatch.ApplyOrThrow(type, old, patch.AsObject(), options.Manager, force, subresource, Now);
            }
            else
            {
                patched = PatchTypes.ApplyTo(type, patchType, old, patch);
            }

            if (patched.ResourceVersion() is { Length: > 0 } rv && rv != old.ResourceVersion())
            {
                throw ApiException.StaleResourceVersion(type, name);
            }

            CheckName(patched, name);
            return Commit(type, old, Merge(type, old, patched, subresource), subresource, options, recordManagedFields: !isApply);
        });
    }

    /// <summary>GET /scale: the autoscaling/v1 Scale of a Deployment or ReplicaSet.</summary>
    public JsonObject GetScale(ResourceType type, string? ns, string name) =>
        ScaleSubresource.FromParent(type, _store.Get(type.StorageKey, ns, name)?.ToJsonObject()
            ?? throw ApiException.NotFound(ScaleSubresource.Resource(type), name));

    /// <summary>PUT /scale: sets the parent's spec.replicas from the Scale, failing on a stale resourceVersion.</summary>
    public JsonObject UpdateScale(ResourceType type, string? ns, string name, JsonObject scale, WriteOptions options) =>
        _store.Locked(() =>
        {
            var parent = _store.Get(type.StorageKey, ns, name)?.ToJsonObject() ?? throw ApiException.NotFound(ScaleSubresource.Resource(type), name);
            var oldScale = ScaleSubresource.FromParent(type, parent);
            ScaleSubresource.ManagedFieldsToScale(parent, oldScale);
            return CommitScale(type, parent, oldScale, scale.DeepClone().AsObject(), options, recordManagedFields: true);
        });

    /// <summary>PATCH /scale in any of the four patch types, applied to the Scale; only spec.replicas reaches the parent.</summary>
    public JsonObject PatchScale(ResourceType type, string? ns, string name, string patchType, JsonNode patch, WriteOptions options, bool force) =>
        _store.Locked(() =>
        {
            var parent = _store.Get(type.StorageKey, ns, name)?.ToJsonObject() ?? throw ApiException.NotFound(ScaleSubresource.Resource(type), name);
            var oldScale = ScaleSubresource.FromParent(type, parent);
            ScaleSubresource.ManagedFieldsToScale(parent, oldScale);
            if (patchType == PatchTypes.Apply)
            {
                CheckKind(ScaleSubresource.ScaleKind, patch.AsObject());
                var applied = ApplyPatch.ApplyOrThrow(type, oldScale, patch.AsObject(), options.Manager, force, ScaleSubresource.Name, Now);
                return CommitScale(type, parent, oldScale, applied, options, recordManagedFields: false);
            }

            var patched = PatchTypes.ApplyTo(ScaleSubresource.ScaleKind, patchType, oldScale, patch);
            return CommitScale(type, parent, oldScale, patched, options, recordManagedFields: true);
        });

    /// <summary>
    /// The Scale a client wrote, back onto the parent (scaleUpdatedObjectInfo): validated, the resourceVersion in it a
    /// precondition, field ownership recorded on the Scale and converted to the parent's, then an ordinary update
    /// of the parent in which only spec.replicas changes (so generation moves). Answers the new Scale.
    /// </summary>
    private JsonObject CommitScale(ResourceType type, JsonObject parent, JsonObject oldScale, JsonObject newScale, WriteOptions options, bool recordManagedFields)
    {
        var replicas = ScaleSubresource.Validate(type, parent, newScale);
        if (newScale.Metadata().Str("resourceVersion") is { Length: > 0 } rv && rv != parent.ResourceVersion())
        {
            throw ApiException.StaleResourceVersion(type, parent.Name());
        }

        if (recordManagedFields)
        {
            // The field manager sees the Scale as Go decodes and serialises it: typed, and spec.replicas omitempty.
            newScale["apiVersion"] = ScaleSubresource.ScaleKind.ApiVersion;
            newScale["kind"] = ScaleSubresource.ScaleKind.Kind;
            var spec = newScale.Child("spec");
            spec.Remove("replicas");
            if (replicas != 0)
            {
                spec["replicas"] = replicas;
            }

            ManagedFieldsTracker.RecordWrite(oldScale, newScale, options.Manager, ScaleSubresource.Name, Now);
        }

        var updated = parent.DeepClone().AsObject();
        ScaleSubresource.SetReplicas(type, updated, replicas);
        ScaleSubresource.ManagedFieldsToParent(parent, newScale, updated);
        return ScaleSubresource.FromParent(type, Commit(type, parent, updated, ScaleSubresource.Name, options, recordManagedFields: false));
    }

    public DeleteResult Delete(ResourceType type, string? ns, string name, DeleteOptions options)
    {
        return _store.Locked(() =>
        {
            var obj = Get(type, ns, name);
            if (options.PreconditionUid is { Length: > 0 } uid && uid != obj.Uid())
            {
                throw ApiException.Conflict(type, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {obj.Uid()}");
            }

            if (options.PreconditionResourceVersion is { Length: > 0 } prv && prv != obj.ResourceVersion())
            {
                throw ApiException.Conflict(type, name, $"Precondition failed: ResourceVersion in precondition: {prv}, ResourceVersion in object meta: {obj.ResourceVersion()}");
            }

            // Validating admission of the DELETE itself (upstream's policies see oldObject, object null).
            _policies.Admit(new AdmissionRequest(type, "DELETE", obj, obj, null, this) { DryRun = options.DryRun, User = options.User });
            var finalizers = obj.Finalizers();
            var policyFinalizer = options.PropagationPolicy switch
            {
                "Foreground" => "foregroundDeletion",
                "Orphan" => "orphan",
                _ => null,
            };
            if (policyFinalizer is not null && !finalizers.Contains(policyFinalizer))
            {
                finalizers.Add(policyFinalizer);
            }

            if (finalizers.Count == 0 && !HasNamespaceFinalizers(type, obj))
            {
                if (options.DryRun)
                {
                    return new DeleteResult(obj, true);
                }

                var removed = _store.Remove(type.StorageKey, ns, name)!;
                _custom.AfterDelete(type, obj);
                return new DeleteResult(removed.ToJsonObject(), true);
            }

            if (obj.IsDeleting() && finalizers.SequenceEqual(obj.Finalizers()))
            {
                return new DeleteResult(obj, false);
            }

            var marked = obj.DeepClone().AsObject();
            marked.SetFinalizers(finalizers);
            var meta = marked.Metadata();
            meta["deletionTimestamp"] ??= ObjectMeta.Timestamp(Now);
            meta["deletionGracePeriodSeconds"] ??= 0;
            meta["generation"] = obj.Generation() + 1;
            if (type == BuiltinResources.Namespaces)
            {
                marked["status"] = new JsonObject { ["phase"] = "Terminating" };
            }

            return options.DryRun ? new DeleteResult(marked, false) : new DeleteResult(_store.Put(type.StorageKey, marked).ToJsonObject(), false);
        });
    }

    /// <summary>
    /// Writes the new state of an existing object: generation, finalizer rules, admission, no-op detection.
    /// <paramref name="recordManagedFields"/> is false when the caller has already set managedFields (apply, scale).
    /// </summary>
    private JsonObject Commit(ResourceType type, JsonObject old, JsonObject updated, string? subresource, WriteOptions options, bool recordManagedFields)
    {
        var oldMeta = old.Metadata();
        var meta = updated.Metadata();
        foreach (var system in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "namespace", "name" })
        {
            meta[system] = oldMeta[system]?.DeepClone();
            if (meta[system] is null)
            {
                meta.Remove(system);
            }
        }

        meta["resourceVersion"] = old.ResourceVersion();
        meta["generation"] = SpecChanged(old, updated) ? old.Generation() + 1 : old.Generation();
        if (old.IsDeleting())
        {
            var added = updated.Finalizers().Except(old.Finalizers()).ToList();
            if (added.Count > 0)
            {
                throw ApiException.Invalid(type, old.Name(), [new FieldError("metadata.finalizers", "FieldValueForbidden",
                    $"Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{{\"{string.Join("\", \"", added)}\"}}")]);
            }
        }

        var update = new AdmissionRequest(type, "UPDATE", updated, old, subresource, this) { Warnings = options.Warnings, DryRun = options.DryRun, User = options.User };
        Admit(update);
        _custom.Validate(type, updated, old, options);
        _policies.Admit(update);
        if (recordManagedFields)
        {
            ManagedFieldsTracker.RecordWrite(old, updated, options.Manager, subresource, Now);
        }

        if (SameIgnoringManagedFields(old, updated))
        {
            return old;
        }

        if (options.DryRun)
        {
            return updated;
        }

        if (updated.IsDeleting() && updated.Finalizers().Count == 0 && !HasNamespaceFinalizers(type, updated))
        {
            var removed = _store.Remove(type.StorageKey, updated.Namespace(), updated.Name())!;
            _custom.AfterDelete(type, updated);
            return removed.ToJsonObject();
        }

        var stored = _store.Put(type.StorageKey, updated);
        _custom.AfterWrite(type, updated);
        return stored.ToJsonObject();
    }

    /// <summary>Main-resource writes keep the stored status; status writes keep everything but the status.</summary>
    private static JsonObject Merge(ResourceType type, JsonObject old, JsonObject body, string? subresource)
    {
        if (subresource == "status")
        {
            var merged = old.DeepClone().AsObject();
            merged["status"] = body["status"]?.DeepClone();
            if (merged["status"] is null)
            {
                merged.Remove("status");
            }

            return merged;
        }

        var updated = body.DeepClone().AsObject();
        if (type.HasStatus)
        {
            updated["status"] = old["status"]?.DeepClone();
            if (updated["status"] is null)
            {
                updated.Remove("status");
            }
        }

        return updated;
    }

    /// <summary>Generation moves with everything outside metadata and status (the spec, data, rules...).</summary>
    private static bool SpecChanged(JsonObject old, JsonObject updated)
    {
        static IEnumerable<KeyValuePair<string, JsonNode?>> Body(JsonObject o) =>
            o.Where(kv => kv.Key is not ("metadata" or "status" or "apiVersion" or "kind"));

        var before = new JsonObject(Body(old).Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone())));
        var after = new JsonObject(Body(updated).Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone())));
        return !JsonNode.DeepEquals(before, after);
    }

    private static bool SameIgnoringManagedFields(JsonObject old, JsonObject updated)
    {
        var a = old.DeepClone().AsObject();
        var b = updated.DeepClone().AsObject();
        a.Metadata().Remove("managedFields");
        b.Metadata().Remove("managedFields");
        return JsonNode.DeepEquals(a, b);
    }

    private static bool HasNamespaceFinalizers(ResourceType type, JsonObject obj) =>
        type == BuiltinResources.Namespaces && obj["spec"]?["finalizers"] is JsonArray { Count: > 0 };

    private void Admit(AdmissionRequest request)
    {
        foreach (var plugin in _admission)
        {
            plugin.Admit(request);
        }
    }

    private void RequireWritableNamespace(ResourceType type, string ns, string name)
    {
        var namespaceObject = _store.Get(BuiltinResources.Namespaces.StorageKey, null, ns)?.ToJsonObject()
            ?? throw ApiException.NamespaceNotFound(ns);
        if (namespaceObject.IsDeleting())
        {
            throw ApiException.Forbidden(type, name, $"unable to create new content in namespace {ns} because it is being terminated");
        }
    }

    private static string? ScopeNamespace(ResourceType type, string? ns, JsonObject meta)
    {
        if (!type.Namespaced)
        {
            meta.Remove("namespace");
            return null;
        }

        var bodyNamespace = meta.Str("namespace");
        if (bodyNamespace is { Length: > 0 } && ns is not null && bodyNamespace != ns)
        {
            throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        ns ??= bodyNamespace ?? "default";
        meta["namespace"] = ns;
        return ns;
    }

    private static void CheckKind(ResourceType type, JsonObject body)
    {
        var kind = body.Str("kind");
        var apiVersion = body.Str("apiVersion");
        if (kind is null && apiVersion is null)
        {
            body["apiVersion"] = type.ApiVersion;
            body["kind"] = type.Kind;
            return;
        }

        if (kind != type.Kind || apiVersion != type.ApiVersion)
        {
            throw ApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.ApiVersion}) or kind ({kind}) does not match {type.Kind}");
        }
    }

    private static void CheckName(JsonObject body, string name)
    {
        if (body.Metadata().Str("name") is { Length: > 0 } bodyName && bodyName != name)
        {
            throw ApiException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }
    }

    /// <summary>Continue tokens carry the list revision and the last key served (base64, opaque to clients).</summary>
    private static class ContinueToken
    {
        public static string Encode(long revision, string lastKey) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{revision.ToString(CultureInfo.InvariantCulture)}|{lastKey}"));

        public static (long Revision, string LastKey) Decode(string token)
        {
            try
            {
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
                var bar = text.IndexOf('|', StringComparison.Ordinal);
                return (long.Parse(text[..bar], CultureInfo.InvariantCulture), text[(bar + 1)..]);
            }
            catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException)
            {
                throw ApiException.BadRequest($"continue key is not valid: {e.Message}");
            }
        }
    }
}
