using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Admission;

/// <summary>The DefaultIngressClass plugin: on create, an Ingress naming no class (field or legacy annotation) gets the default IngressClass.</summary>
internal sealed class IngressAdmission : IAdmissionPlugin
{
    private const string DefaultClassAnnotation = "ingressclass.kubernetes.io/is-default-class";

    public void Admit(AdmissionRequest request)
    {
        if (request.Type != BuiltinResources.Ingresses || !request.IsCreate)
        {
            return;
        }

        var spec = request.Object.Child("spec");
        if (spec["ingressClassName"] is not null ||
            request.Object.Metadata().StringMap("annotations").ContainsKey("kubernetes.io/ingress.class"))
        {
            return;
        }

        var defaultClass = request.Api.Store.List(BuiltinResources.IngressClasses.StorageKey, null).Items
            .Select(s => s.ToJsonObject())
            .Where(c => c.Metadata().StringMap("annotations").GetValueOrDefault(DefaultClassAnnotation) == "true")
            .OrderByDescending(c => c.Metadata().Str("creationTimestamp"), StringComparer.Ordinal)
            .FirstOrDefault();
        if (defaultClass is not null)
        {
            spec["ingressClassName"] = defaultClass.Name();
        }
    }
}
