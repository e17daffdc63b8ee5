using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Controllers;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Admission;

/// <summary>networking/v1 NetworkPolicy defaults: policyTypes (Ingress, plus Egress when egress rules exist) and port protocol TCP.</summary>
internal sealed class NetworkPolicyAdmission : IAdmissionPlugin
{
    public void Admit(AdmissionRequest request)
    {
        if (request.Type != BuiltinResources.NetworkPolicies)
        {
            return;
        }

        var spec = request.Object.Child("spec");
        if (spec["policyTypes"] is not JsonArray { Count: > 0 })
        {
            spec["policyTypes"] = spec["egress"] is JsonArray { Count: > 0 } ? new JsonArray("Ingress", "Egress") : new JsonArray("Ingress");
        }

        foreach (var rule in spec.Objects("ingress").Concat(spec.Objects("egress")))
        {
            foreach (var port in rule.Objects("ports"))
            {
                port["protocol"] ??= "TCP";
            }
        }
    }
}
