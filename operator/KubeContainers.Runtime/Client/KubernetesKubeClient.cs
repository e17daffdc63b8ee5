using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace KubeContainers.Runtime.Client;

/// <summary><see cref="IKubeClient"/> over KubernetesClient's custom-objects operations, which build correct URLs
/// for the core group too, so one generic path serves every kind.</summary>
internal sealed class KubernetesKubeClient(IKubernetes kubernetes) : IKubeClient
{
    /// <summary>Dependents go too, in the background: the default of some kinds (batch/v1 Jobs) orphans their pods.</summary>
    private const string Background = "Background";

    private readonly ICustomObjectsOperations api = kubernetes.CustomObjects;

    public async Task<T?> GetAsync<T>(string name, string? @namespace, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var kind = KindDescriptor.For<T>();
        try
        {
            using var response = kind.Namespaced
                ? await api.GetNamespacedCustomObjectWithHttpMessagesAsync<T>(kind.Group, kind.Version, Ns(kind, @namespace), kind.Plural, name, cancellationToken: ct).ConfigureAwait(false)
                : await api.GetClusterCustomObjectWithHttpMessagesAsync<T>(kind.Group, kind.Version, kind.Plural, name, cancellationToken: ct).ConfigureAwait(false);
            return response.Body;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (HttpOperationException e)
        {
            throw Translate(e);
        }
    }

    public async Task<KubeList<T>> ListAsync<T>(ListOptions options, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var kind = KindDescriptor.For<T>();
        var list = await Call(() => kind.Namespaced && options.Namespace is not null
            ? api.ListNamespacedCustomObjectWithHttpMessagesAsync<KubeObjectList<T>>(kind.Group, kind.Version, options.Namespace, kind.Plural,
                continueParameter: options.Continue, fieldSelector: options.FieldSelector, labelSelector: options.LabelSelector, limit: options.Limit, cancellationToken: ct)
            : api.ListClusterCustomObjectWithHttpMessagesAsync<KubeObjectList<T>>(kind.Group, kind.Version, kind.Plural,
                continueParameter: options.Continue, fieldSelector: options.FieldSelector, labelSelector: options.LabelSelector, limit: options.Limit, cancellationToken: ct)).ConfigureAwait(false);
        var items = list.Items ?? [];
        foreach (var item in items)
        {
            // List items come without kind/apiVersion; fill them so cached objects are self-describing.
            item.Kind ??= kind.Kind;
            item.ApiVersion ??= kind.ApiVersion;
        }

        return new KubeList<T>(items, list.Metadata?.ResourceVersion ?? "", string.IsNullOrEmpty(list.Metadata?.ContinueProperty) ? null : list.Metadata.ContinueProperty);
    }

    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(WatchOptions options, [EnumeratorCancellation] CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        // Decoded from the stream's bytes (WatchStream) over the client's own HttpClient, credentials and handlers;
        // the host always hands this class a Kubernetes.
        var direct = kubernetes as Kubernetes ?? throw new NotSupportedException($"watches need a {nameof(Kubernetes)} client, not {kubernetes.GetType().Name}");
        using var response = await WatchStream.OpenAsync(direct, KindDescriptor.For<T>(), options, ct).ConfigureAwait(false);
        using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await foreach (var e in WatchStream.ReadAsync<T>(stream, ct).ConfigureAwait(false))
        {
            yield return e;
        }
    }

    public Task<T> CreateAsync<T>(T obj, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var kind = KindDescriptor.For<T>();
        Stamp(obj, kind);
        return Call(() => kind.Namespaced
            ? api.CreateNamespacedCustomObjectWithHttpMessagesAsync<T>(obj, kind.Group, kind.Version, Ns(kind, obj.Metadata.NamespaceProperty), kind.Plural, cancellationToken: ct)
            : api.CreateClusterCustomObjectWithHttpMessagesAsync<T>(obj, kind.Group, kind.Version, kind.Plural, cancellationToken: ct));
    }

    public Task<T> CreateJsonAsync<T>(JsonObject obj, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(obj);
        var kind = KindDescriptor.For<T>();
        obj["apiVersion"] ??= kind.ApiVersion;
        obj["kind"] ??= kind.Kind;
        var @namespace = obj["metadata"]?["namespace"]?.GetValue<string>();

        // The body is serialised as it is: no typed copy made and written again.
        return Call(() => kind.Namespaced
            ? api.CreateNamespacedCustomObjectWithHttpMessagesAsync<T>(obj, kind.Group, kind.Version, Ns(kind, @namespace), kind.Plural, cancellationToken: ct)
            : api.CreateClusterCustomObjectWithHttpMessagesAsync<T>(obj, kind.Group, kind.Version, kind.Plural, cancellationToken: ct));
    }

    public Task<T> UpdateAsync<T>(T obj, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var kind = KindDescriptor.For<T>();
        Stamp(obj, kind);
        return Call(() => kind.Namespaced
            ? api.ReplaceNamespacedCustomObjectWithHttpMessagesAsync<T>(obj, kind.Group, kind.Version, Ns(kind, obj.Metadata.NamespaceProperty), kind.Plural, obj.Metadata.Name, cancellationToken: ct)
            : api.ReplaceClusterCustomObjectWithHttpMessagesAsync<T>(obj, kind.Group, kind.Version, kind.Plural, obj.Metadata.Name, cancellationToken: ct));
    }

    public Task<T> UpdateStatusAsync<T>(T obj, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var kind = KindDescriptor.For<T>();
        Stamp(obj, kind);
        return Call(() => kind.Namespaced
            ? api.ReplaceNamespacedCustomObjectStatusWithHttpMessagesAsync<T>(obj, kind.Group, kind.Version, Ns(kind, obj.Metadata.NamespaceProperty), kind.Plural, obj.Metadata.Name, cancellationToken: ct)
            : api.ReplaceClusterCustomObjectStatusWithHttpMessagesAsync<T>(obj, kind.Group, kind.Version, kind.Plural, obj.Metadata.Name, cancellationToken: ct));
    }

    public Task<T> PatchAsync<T>(string name, string? @namespace, KubePatch patch, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var kind = KindDescriptor.For<T>();
        var body = new V1Patch(patch.Body, patch.Type switch
        {
            KubePatchType.Merge => V1Patch.PatchType.MergePatch,
            KubePatchType.Json => V1Patch.PatchType.JsonPatch,
            _ => V1Patch.PatchType.ApplyPatch,
        });
        bool? force = patch.Type == KubePatchType.Apply ? patch.Force : null;
        return (kind.Namespaced, patch.Status) switch
        {
            (true, false) => Call(() => api.PatchNamespacedCustomObjectWithHttpMessagesAsync<T>(body, kind.Group, kind.Version, Ns(kind, @namespace), kind.Plural, name, fieldManager: patch.FieldManager, force: force, cancellationToken: ct)),
            (true, true) => Call(() => api.PatchNamespacedCustomObjectStatusWithHttpMessagesAsync<T>(body, kind.Group, kind.Version, Ns(kind, @namespace), kind.Plural, name, fieldManager: patch.FieldManager, force: force, cancellationToken: ct)),
            (false, false) => Call(() => api.PatchClusterCustomObjectWithHttpMessagesAsync<T>(body, kind.Group, kind.Version, kind.Plural, name, fieldManager: patch.FieldManager, force: force, cancellationToken: ct)),
            (false, true) => Call(() => api.PatchClusterCustomObjectStatusWithHttpMessagesAsync<T>(body, kind.Group, kind.Version, kind.Plural, name, fieldManager: patch.FieldManager, force: force, cancellationToken: ct)),
        };
    }

    public async Task<bool> DeleteAsync<T>(string name, string? @namespace, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var kind = KindDescriptor.For<T>();
        try
        {
            using var response = kind.Namespaced
                ? await api.DeleteNamespacedCustomObjectWithHttpMessagesAsync<object>(kind.Group, kind.Version, Ns(kind, @namespace), kind.Plural, name, propagationPolicy: Background, cancellationToken: ct).ConfigureAwait(false)
                : await api.DeleteClusterCustomObjectWithHttpMessagesAsync<object>(kind.Group, kind.Version, kind.Plural, name, propagationPolicy: Background, cancellationToken: ct).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (HttpOperationException e)
        {
            throw Translate(e);
        }
    }

    private static string Ns(KindDescriptor kind, string? @namespace) =>
        @namespace ?? throw new ArgumentException($"{kind.Kind} is namespaced: a namespace is required.", nameof(@namespace));

    private static void Stamp<T>(T obj, KindDescriptor kind)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        obj.Kind ??= kind.Kind;
        obj.ApiVersion ??= kind.ApiVersion;
    }

    private static async Task<TBody> Call<TBody>(Func<Task<HttpOperationResponse<TBody>>> send)
    {
        try
        {
            using var response = await send().ConfigureAwait(false);
            return response.Body;
        }
        catch (HttpOperationException e)
        {
            throw Translate(e);
        }
    }

    private static KubeApiException Translate(HttpOperationException e)
    {
        string? reason = null;
        var message = e.Message;
        try
        {
            var status = string.IsNullOrEmpty(e.Response.Content) ? new V1Status() : KubernetesJson.Deserialize<V1Status>(e.Response.Content);
            reason = status.Reason;
            message = status.Message ?? message;
        }
        catch (System.Text.Json.JsonException)
        {
            // Not a Status body (a proxy's HTML page, say): keep the transport message.
        }

        return new KubeApiException(e.Response.StatusCode, reason, message, e);
    }
}
