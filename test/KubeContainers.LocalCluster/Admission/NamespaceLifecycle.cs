using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Admission;

/// <summary>New namespaces are Active and carry the "kubernetes" finalizer that the namespace controller removes.</summary>
internal sealed class NamespaceLifecycle : IAdmissionPlugin
{
    public void Admit(AdmissionRequest request)
    {
        if (request.Type != BuiltinResources.Namespaces || !request.IsCreate)
        {
            return;
        }

        var spec = request.Object["spec"] as JsonObject ?? new JsonObject();
        spec["finalizers"] ??= new JsonArray("kubernetes");
        request.Object["spec"] = spec;
        request.Object["status"] = new JsonObject { ["phase"] = "Active" };
    }
}
