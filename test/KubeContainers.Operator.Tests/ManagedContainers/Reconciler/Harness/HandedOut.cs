using k8s;

namespace KubeContainers.Operator.Tests.ManagedContainers.Reconciler.Harness;

/// <summary>
/// Every object the fake caches handed out, with its JSON at that moment. The operator's caches hand out their
/// shared instances (no copy per read), so a reconcile that changed one would corrupt the cache for everyone:
/// <see cref="Changed"/> finds any such object, and the harness checks after every reconcile.
/// </summary>
internal sealed class HandedOut
{
    private readonly Lock gate = new();
    private readonly List<(object Object, string Json)> objects = [];

    public int Count
    {
        get
        {
            lock (gate)
            {
                return objects.Count;
            }
        }
    }

    public T Note<T>(T obj)
        where T : class
    {
        lock (gate)
        {
            objects.Add((obj, KubernetesJson.Serialize(obj)));
        }

        return obj;
    }

    /// <summary>"Kind namespace/name: before → after" of each object that changed since it was handed out.</summary>
    public IReadOnlyList<string> Changed()
    {
        lock (gate)
        {
            return
            [
                .. objects
                    .Select(o => (o.Object, Before: o.Json, After: KubernetesJson.Serialize(o.Object)))
                    .Where(o => o.Before != o.After)
                    .Select(o => $"{o.Object.GetType().Name} {Describe(o.Object)}:\n  {o.Before}\n→ {o.After}"),
            ];
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            objects.Clear();
        }
    }

    private static string Describe(object obj) =>
        obj is IKubernetesObject<k8s.Models.V1ObjectMeta> k ? $"{k.Metadata.NamespaceProperty}/{k.Metadata.Name}" : "";
}
