using k8s;
using KubeContainers.Api;

namespace KubeContainers.WholeSystem;

/// <summary>Reads ManagedContainers through the real KubernetesClient, and writes them as users do (kubectl apply).</summary>
public static class ManagedContainers
{
    public static async Task<V1Alpha1ManagedContainer?> GetAsync(this IKubernetes client, string ns, string name)
    {
        try
        {
            return await client.CustomObjects.GetNamespacedCustomObjectAsync<V1Alpha1ManagedContainer>(
                V1Alpha1ManagedContainer.KubeGroup, V1Alpha1ManagedContainer.KubeApiVersion, ns, V1Alpha1ManagedContainer.KubePluralName, name);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>A ManagedContainer manifest; <paramref name="spec"/> is the YAML body of spec, indented by two.</summary>
    public static string Manifest(string name, string spec) =>
        $"apiVersion: kubecontainers.io/v1alpha1\nkind: ManagedContainer\nmetadata:\n  name: {name}\nspec:\n{spec}";

    /// <summary>Ready's reason and message, for assertions and failure messages.</summary>
    public static string Describe(V1Alpha1ManagedContainer? mc)
    {
        if (mc is null)
        {
            return "missing";
        }

        var ready = mc.Status.GetCondition(ConditionTypes.Ready);
        return $"phase={mc.Status.Phase} ready={ready?.Status}/{ready?.Reason}: {ready?.Message}";
    }
}

/// <summary>A ManagedContainer as a wait sees it: on a timeout, Eventually reports its phase and Ready's reason and message.</summary>
public sealed record ObservedContainer(V1Alpha1ManagedContainer? Mc)
{
    public override string ToString() => ManagedContainers.Describe(Mc);
}
