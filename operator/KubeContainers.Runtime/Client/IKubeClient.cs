using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace KubeContainers.Runtime.Client;

/// <summary>The one narrow seam over the API server. Everything in the runtime (and the operator's table tests'
/// fake) goes through it. Errors surface as <see cref="KubeApiException"/>.</summary>
public interface IKubeClient
{
    /// <summary>Reads one object; null when it does not exist.</summary>
    Task<T?> GetAsync<T>(string name, string? @namespace, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    Task<KubeList<T>> ListAsync<T>(ListOptions options, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Streams watch events until the server closes the stream. An ERROR event is thrown as
    /// <see cref="KubeApiException"/> (410 when the resource version is too old). Objects may come without
    /// metadata.managedFields: the informers, its readers, drop them.</summary>
    IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(WatchOptions options, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    Task<T> CreateAsync<T>(T obj, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Creates the object given as JSON (the child sync's desired form). The client over HTTP sends it as it
    /// is; this default makes a typed copy for clients that need one.</summary>
    Task<T> CreateJsonAsync<T>(JsonObject obj, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta> => CreateAsync(KubernetesJson.Deserialize<T>(obj), ct);

    /// <summary>Replaces the object; its metadata.resourceVersion is the precondition (409 on mismatch).</summary>
    Task<T> UpdateAsync<T>(T obj, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Replaces the status subresource; metadata.resourceVersion is the precondition.</summary>
    Task<T> UpdateStatusAsync<T>(T obj, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    Task<T> PatchAsync<T>(string name, string? @namespace, KubePatch patch, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Deletes the object with background propagation (dependents go too); false when it was already gone.</summary>
    Task<bool> DeleteAsync<T>(string name, string? @namespace, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>;
}
