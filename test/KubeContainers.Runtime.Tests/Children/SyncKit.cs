using k8s;
using k8s.Models;
using KubeContainers.Runtime.Cache;
using KubeContainers.Runtime.Children;
using KubeContainers.Runtime.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeContainers.Runtime.Tests.Children;

internal static class SyncKit
{
    public const string HashAnnotation = "test.kubecontainers.io/desired-hash";

    public const string OwnerUid = "0f8b2a52-7d7e-4a43-9d5c-1c2f3e4d5a6b";

    /// <summary>A synchronizer whose caches read live through <paramref name="client"/> (or use another reader).</summary>
    public static IChildSynchronizer Synchronizer(IKubeClient client, Type? cacheReader = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(client);
        services.AddSingleton(typeof(ICacheReader<>), cacheReader ?? typeof(LiveCacheReader<>));
        return new ChildSynchronizer(client, services.BuildServiceProvider(), HashAnnotation, NullLogger<ChildSynchronizer>.Instance);
    }

    public static ChildSyncOptions<T> OwnedByTestOwner<T>()
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        new() { IsOwned = o => o.Metadata.OwnerReferences?.Any(r => r.Uid == OwnerUid) == true };

    public static V1OwnerReference Owner() => new() { ApiVersion = "v1", Kind = "ConfigMap", Name = "owner", Uid = OwnerUid, BlockOwnerDeletion = true, Controller = true };

    public static V1ConfigMap ConfigMap(string name, Dictionary<string, string> data, bool owned = true) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "default",
            Labels = new Dictionary<string, string> { ["app"] = name },
            OwnerReferences = owned ? [Owner()] : null,
        },
        Data = data,
    };
}
