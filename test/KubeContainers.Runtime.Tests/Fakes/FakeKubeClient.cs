using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeContainers.Runtime.Client;

namespace KubeContainers.Runtime.Tests.Fakes;

/// <summary>An in-memory API server behind <see cref="IKubeClient"/>: resource versions with optimistic concurrency,
/// merge patches, a log of writes, and reactors that answer a request with an error instead.</summary>
internal sealed class FakeKubeClient : IKubeClient
{
    private readonly Lock gate = new();
    private readonly Dictionary<(Type, string?, string), JsonObject> objects = [];
    private readonly List<Func<string, Type, ObjectKey, KubeApiException?>> reactors = [];
    private long version = 100;

    /// <summary>Every write as "verb kind ns/name" (verbs: create, update, status, patch, delete).</summary>
    public List<string> Writes { get; } = [];

    /// <summary>Adds a reactor; it sees (verb, key) and may return an error to answer with. Verbs also include get.</summary>
    public void React(Func<string, ObjectKey, KubeApiException?> reactor)
    {
        lock (gate)
        {
            reactors.Add((verb, _, key) => reactor(verb, key));
        }
    }

    /// <summary>Drops every reactor: the API server answers normally again.</summary>
    public void ClearReactors()
    {
        lock (gate)
        {
            reactors.Clear();
        }
    }

    /// <summary>As <see cref="React(Func{string, ObjectKey, KubeApiException?})"/>, also told the kind of the request.</summary>
    public void React(Func<string, Type, ObjectKey, KubeApiException?> reactor)
    {
        lock (gate)
        {
            reactors.Add(reactor);
        }
    }

    /// <summary>Stores an object as if another client had created it; returns the stored copy.</summary>
    public T Seed<T>(T obj)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        lock (gate)
        {
            var node = ToNode(obj);
            node["metadata"]!["resourceVersion"] = NextVersion();
            node["metadata"]!["uid"] ??= Guid.NewGuid().ToString();
            node["metadata"]!["generation"] ??= 1;
            objects[(typeof(T), obj.Metadata.NamespaceProperty, obj.Metadata.Name)] = node;
            return KubernetesJson.Deserialize<T>(node);
        }
    }

    public T? Peek<T>(string name, string? @namespace)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        lock (gate)
        {
            return objects.TryGetValue((typeof(T), @namespace, name), out var node) ? KubernetesJson.Deserialize<T>(node) : null;
        }
    }

    public Task<T?> GetAsync<T>(string name, string? @namespace, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        React<T>("get", new ObjectKey(@namespace, name));
        return Task.FromResult(Peek<T>(name, @namespace));
    }

    /// <summary>Every list request, in order.</summary>
    public List<ListOptions> Lists { get; } = [];

    /// <summary>Lists in namespace/name order. With a limit, the continue token is the last such key served; reactors see a list as
    /// ("list", namespace/continue-token), so a test can answer a continuation with 410.</summary>
    public Task<KubeList<T>> ListAsync<T>(ListOptions options, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        lock (gate)
        {
            Lists.Add(options);
        }

        React<T>("list", new ObjectKey(options.Namespace, options.Continue ?? ""));
        lock (gate)
        {
            var items = objects.Where(o => o.Key.Item1 == typeof(T) && (options.Namespace is null || o.Key.Item2 == options.Namespace))
                .Select(o => (Key: $"{o.Key.Item2}/{o.Key.Item3}", o.Value))
                .Where(o => options.Continue is null || string.CompareOrdinal(o.Key, options.Continue) > 0)
                .OrderBy(o => o.Key, StringComparer.Ordinal)
                .ToList();
            var more = options.Limit is { } limit && items.Count > limit;
            var page = more ? items[..options.Limit!.Value] : items;
            return Task.FromResult(new KubeList<T>(
                [.. page.Select(o => KubernetesJson.Deserialize<T>(o.Value))],
                version.ToString(CultureInfo.InvariantCulture),
                more ? page[^1].Key : null));
        }
    }

    public IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(WatchOptions options, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta> => Never<T>(ct);

    public Task<T> CreateAsync<T>(T obj, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var key = ObjectKey.From(obj);
        Write("create", obj, key);
        lock (gate)
        {
            if (objects.ContainsKey((typeof(T), key.Namespace, key.Name)))
            {
                throw new KubeApiException(HttpStatusCode.Conflict, "AlreadyExists", $"{key} already exists");
            }
        }

        return Task.FromResult(Seed(obj));
    }

    public Task<T> UpdateAsync<T>(T obj, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        Write("update", obj, ObjectKey.From(obj));
        return Task.FromResult(Replace(obj, status: false));
    }

    public Task<T> UpdateStatusAsync<T>(T obj, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        Write("status", obj, ObjectKey.From(obj));
        return Task.FromResult(Replace(obj, status: true));
    }

    public Task<T> PatchAsync<T>(string name, string? @namespace, KubePatch patch, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var key = new ObjectKey(@namespace, name);
        if (patch.Status)
        {
            return Task.FromResult(PatchStatus<T>(key, patch));
        }

        React<T>("patch", key);
        lock (gate)
        {
            Writes.Add($"patch {typeof(T).Name} {key} {patch.Body}");
            if (patch.Type != KubePatchType.Merge)
            {
                throw new NotSupportedException("The fake applies merge patches only.");
            }

            var stored = objects.GetValueOrDefault((typeof(T), @namespace, name))
                ?? throw new KubeApiException(HttpStatusCode.NotFound, "NotFound", $"{key} not found");
            var body = JsonNode.Parse(patch.Body)!.AsObject();
            if (body["metadata"]?["resourceVersion"] is { } wanted && wanted.ToString() != stored["metadata"]!["resourceVersion"]!.ToString())
            {
                throw new KubeApiException(HttpStatusCode.Conflict, "Conflict", $"{key} has changed");
            }

            var merged = (JsonObject)Merge(stored.DeepClone(), body)!;
            merged["metadata"]!["resourceVersion"] = NextVersion();
            objects[(typeof(T), @namespace, name)] = merged;
            return Task.FromResult(KubernetesJson.Deserialize<T>(merged));
        }
    }

    /// <summary>A patch of the status subresource, logged as a status write ("status kind ns/name"): a merge patch,
    /// or a JSON patch whose operations add or replace <c>/status</c> (what a status writer sends). No resourceVersion
    /// precondition, as the apiserver has it for patches that carry none.</summary>
    private T PatchStatus<T>(ObjectKey key, KubePatch patch)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        React<T>("status", key);
        lock (gate)
        {
            var stored = objects.GetValueOrDefault((typeof(T), key.Namespace, key.Name))
                ?? throw new KubeApiException(HttpStatusCode.NotFound, "NotFound", $"{key} not found");
            Writes.Add($"status {typeof(T).Name} {key}");
            var next = (JsonObject)stored.DeepClone();
            var body = JsonNode.Parse(patch.Body);
            if (patch.Type == KubePatchType.Merge)
            {
                next["status"] = Merge(next["status"]?.DeepClone(), body!["status"]);
            }
            else if (patch.Type == KubePatchType.Json)
            {
                foreach (var op in body!.AsArray())
                {
                    if (op!["op"]!.ToString() is not ("add" or "replace") || op["path"]!.ToString() != "/status")
                    {
                        throw new NotSupportedException("The fake's JSON patches add or replace /status only.");
                    }

                    next["status"] = op["value"]?.DeepClone();
                }
            }
            else
            {
                throw new NotSupportedException("The fake applies merge and JSON patches to status.");
            }

            next["metadata"]!["resourceVersion"] = NextVersion();
            objects[(typeof(T), key.Namespace, key.Name)] = next;
            return KubernetesJson.Deserialize<T>(next);
        }
    }

    public Task<bool> DeleteAsync<T>(string name, string? @namespace, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var key = new ObjectKey(@namespace, name);
        React<T>("delete", key);
        lock (gate)
        {
            Writes.Add($"delete {typeof(T).Name} {key}");
            return Task.FromResult(objects.Remove((typeof(T), @namespace, name)));
        }
    }

    private void Write<T>(string verb, T obj, ObjectKey key)
    {
        React<T>(verb, key);
        lock (gate)
        {
            Writes.Add($"{verb} {typeof(T).Name} {key}");
        }
    }

    private void React<T>(string verb, ObjectKey key)
    {
        List<Func<string, Type, ObjectKey, KubeApiException?>> current;
        lock (gate)
        {
            current = [.. reactors];
        }

        foreach (var reactor in current)
        {
            if (reactor(verb, typeof(T), key) is { } error)
            {
                throw error;
            }
        }
    }

    private T Replace<T>(T obj, bool status)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        lock (gate)
        {
            var key = ObjectKey.From(obj);
            var stored = objects.GetValueOrDefault((typeof(T), key.Namespace, key.Name))
                ?? throw new KubeApiException(HttpStatusCode.NotFound, "NotFound", $"{key} not found");
            if (obj.Metadata.ResourceVersion != stored["metadata"]!["resourceVersion"]!.ToString())
            {
                throw new KubeApiException(HttpStatusCode.Conflict, "Conflict", $"{key} has changed");
            }

            var incoming = ToNode(obj);
            JsonObject next;
            if (status)
            {
                // The status subresource changes status only.
                next = (JsonObject)stored.DeepClone();
                next["status"] = incoming["status"]?.DeepClone();
            }
            else
            {
                next = incoming;
                next["status"] = stored["status"]?.DeepClone();
                if (!JsonNode.DeepEquals(incoming["spec"], stored["spec"]))
                {
                    next["metadata"]!["generation"] = long.Parse(stored["metadata"]!["generation"]?.ToString() ?? "1", CultureInfo.InvariantCulture) + 1;
                }
            }

            next["metadata"]!["resourceVersion"] = NextVersion();
            objects[(typeof(T), key.Namespace, key.Name)] = next;
            return KubernetesJson.Deserialize<T>(next);
        }
    }

    private string NextVersion() => (++version).ToString(CultureInfo.InvariantCulture);

    private static JsonObject ToNode<T>(T obj) => JsonNode.Parse(KubernetesJson.Serialize(obj))!.AsObject();

    // RFC 7386.
    private static JsonNode? Merge(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target as JsonObject ?? [];
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                result[name] = Merge(result[name]?.DeepClone(), value);
            }
        }

        return result;
    }

    private static async IAsyncEnumerable<WatchEvent<T>> Never<T>([EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Delay(Timeout.Infinite, ct);
        yield break;
    }
}
