using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeContainers.Api;
using Mc = KubeContainers.Api.V1Alpha1ManagedContainer;

namespace KubeContainers.Cli.Kube;

/// <summary>ManagedContainers through the KubernetesClient's custom-object calls, typed with the Api project's types.</summary>
internal sealed class ManagedContainerApi(Kubernetes client)
{
    public async Task<Mc?> FindAsync(string ns, string name, CancellationToken ct)
    {
        try
        {
            return await client.CustomObjects.GetNamespacedCustomObjectAsync<Mc>(Mc.KubeGroup, Mc.KubeApiVersion, ns, Mc.KubePluralName, name, ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The container, or kubectl's NotFound message.</summary>
    public async Task<Mc> GetAsync(string ns, string name, CancellationToken ct) =>
        await FindAsync(ns, name, ct) ?? throw NotFound(name);

    public static CliException NotFound(string name) =>
        new($"managedcontainers.{Mc.KubeGroup} \"{name}\" not found");

    public async Task<IList<Mc>> ListAsync(string? ns, CancellationToken ct)
    {
        var list = ns is null
            ? await client.CustomObjects.ListClusterCustomObjectAsync<V1Alpha1ManagedContainerList>(Mc.KubeGroup, Mc.KubeApiVersion, Mc.KubePluralName, cancellationToken: ct)
            : await client.CustomObjects.ListNamespacedCustomObjectAsync<V1Alpha1ManagedContainerList>(Mc.KubeGroup, Mc.KubeApiVersion, ns, Mc.KubePluralName, cancellationToken: ct);
        return list.Items ?? [];
    }

    public async Task<Mc> CreateAsync(Mc container, CancellationToken ct) =>
        await client.CustomObjects.CreateNamespacedCustomObjectAsync<Mc>(
            ManifestJson.Node(container), Mc.KubeGroup, Mc.KubeApiVersion, container.Metadata.NamespaceProperty, Mc.KubePluralName, cancellationToken: ct);

    /// <summary>A JSON merge patch, as <c>kubectl patch --type=merge</c> sends it.</summary>
    public async Task<Mc> MergePatchAsync(string ns, string name, object patch, CancellationToken ct)
    {
        try
        {
            return await client.CustomObjects.PatchNamespacedCustomObjectAsync<Mc>(
                new V1Patch(patch is JsonNode node ? node.ToJsonString() : JsonSerializer.Serialize(patch), V1Patch.PatchType.MergePatch),
                Mc.KubeGroup, Mc.KubeApiVersion, ns, Mc.KubePluralName, name, cancellationToken: ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw NotFound(name);
        }
    }

    /// <summary>
    /// Watches one container from <paramref name="resourceVersion"/> (a list's or get's), so no change between the
    /// read and the watch is missed. Ends when the server closes the watch; the caller watches again from the last
    /// version it saw.
    /// </summary>
    public async IAsyncEnumerable<(WatchEventType Type, Mc Container)> WatchAsync(
        string ns, string name, string? resourceVersion, [EnumeratorCancellation] CancellationToken ct)
    {
        var request = client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<V1Alpha1ManagedContainerList>(
            Mc.KubeGroup, Mc.KubeApiVersion, ns, Mc.KubePluralName,
            fieldSelector: $"metadata.name={name}", resourceVersion: resourceVersion, allowWatchBookmarks: true, watch: true, cancellationToken: ct);
        Exception? streamError = null;
#pragma warning disable CS0618 // The suggested replacement yields untyped objects; this one deserialises to the Api type.
        var events = request.WatchAsync<Mc, V1Alpha1ManagedContainerList>(e => streamError ??= e, ct);
#pragma warning restore CS0618
        await foreach (var (type, container) in events)
        {
            if (streamError is not null)
            {
                break;
            }

            yield return (type, container);
        }

        if (streamError is KubernetesException { Status.Code: 410 })
        {
            throw new WatchExpiredException();
        }

        if (streamError is not null)
        {
            throw new CliException($"watch failed: {streamError.Message}");
        }
    }
}

/// <summary>The version a watch started from is too old (410 Gone): read again and watch from there.</summary>
internal sealed class WatchExpiredException : Exception;
