using System.Net;
using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Admission;

/// <summary>
/// core/v1 Service defaults (SetDefaults_Service) and what the service REST storage allocates: a cluster IP from
/// 10.96.0.0/12 and node ports from 30000-32767 on create, both kept when an update leaves them out, and the
/// primary cluster IP immutable. The allocators read the live services under the store lock, so no IP is handed out twice.
/// </summary>
internal sealed class ServiceAdmission : IAdmissionPlugin
{
    private const uint RangeStart = (10u << 24) | (96u << 16);
    private const uint RangeSize = 1u << 20;
    private const long NodePortFirst = 30000;
    private const long NodePortLast = 32767;
    private const int NodePortCount = (int)(NodePortLast - NodePortFirst + 1);
    private readonly ServiceClusterIps _clusterIps = new();

    public void Admit(AdmissionRequest request)
    {
        if (request.Type != BuiltinResources.Services || request.Subresource is not null)
        {
            return;
        }

        var service = request.Object;
        var spec = service.Child("spec");
        var oldSpec = request.OldObject?.ObjectAt("spec");
        spec["type"] ??= "ClusterIP";
        spec["sessionAffinity"] ??= "None";
        var type = spec.Str("type");
        if (spec.Str("sessionAffinity") == "ClientIP")
        {
            spec["sessionAffinityConfig"] ??= new JsonObject { ["clientIP"] = new JsonObject { ["timeoutSeconds"] = 10800 } };
        }

        foreach (var port in spec.Objects("ports"))
        {
            port["protocol"] ??= "TCP";
            if (port["targetPort"] is null || port["targetPort"]?.ToString() is "" or "0")
            {
                port["targetPort"] = port["port"]?.DeepClone();
            }
        }

        if (type == "LoadBalancer")
        {
            spec["allocateLoadBalancerNodePorts"] ??= true;
        }

        if (ServiceValidation.Validate(spec) is { Count: > 0 } errors)
        {
            throw ApiException.Invalid(request.Type, service.Name(), errors);
        }

        if (type == "ExternalName")
        {
            return;
        }

        spec["internalTrafficPolicy"] ??= "Cluster";
        if (type is "NodePort" or "LoadBalancer")
        {
            spec["externalTrafficPolicy"] ??= "Cluster";
            // allocateLoadBalancerNodePorts: false leaves a LoadBalancer's ports without node ports (the load
            // balancer reaches the pods directly).
            if (type == "NodePort" || spec["allocateLoadBalancerNodePorts"]?.GetValue<bool>() != false)
            {
                AllocateNodePorts(request, spec, oldSpec);
            }
        }

        spec["ipFamilies"] ??= new JsonArray("IPv4");
        spec["ipFamilyPolicy"] ??= "SingleStack";
        AssignClusterIp(request, spec, oldSpec);
    }

    private void AssignClusterIp(AdmissionRequest request, JsonObject spec, JsonObject? oldSpec)
    {
        var oldIp = oldSpec?.Str("clusterIP");
        var requested = spec.Str("clusterIP") ?? (spec["clusterIPs"] as JsonArray)?.FirstOrDefault()?.ToString();
        if (string.IsNullOrEmpty(requested) && !string.IsNullOrEmpty(oldIp))
        {
            requested = oldIp;
        }

        if (!string.IsNullOrEmpty(oldIp) && requested != oldIp)
        {
            throw ApiException.Invalid(request.Type, request.Object.Name(), [new FieldError("spec.clusterIPs[0]", "FieldValueInvalid",
                $"Invalid value: {GoFormat.StringSlice([requested ?? ""])}: may not change once set")]);
        }

        if (string.IsNullOrEmpty(requested))
        {
            requested = FreeClusterIp(request);
        }
        else if (requested != "None" && requested != oldIp)
        {
            CheckRequestedIp(request, requested);
        }

        spec["clusterIP"] = requested;
        spec["clusterIPs"] = new JsonArray(requested);
    }

    private void CheckRequestedIp(AdmissionRequest request, string requested)
    {
        string? problem = null;
        if (!IPAddress.TryParse(requested, out var address) || address.GetAddressBytes().Length != 4)
        {
            problem = "must be a valid IP address";
        }
        else if (ToUInt(address) - RangeStart >= RangeSize)
        {
            problem = "failed to allocate IP " + requested + ": the provided IP (" + requested + ") is not in the valid range. The range of valid IPs is 10.96.0.0/12";
        }
        else if (IsClusterIpUsed(request, requested))
        {
            problem = "failed to allocate IP " + requested + ": provided IP is already allocated";
        }

        if (problem is not null)
        {
            throw ApiException.Invalid(request.Type, request.Object.Name(), [new FieldError("spec.clusterIPs", "FieldValueInvalid",
                $"Invalid value: {GoFormat.StringSlice([requested])}: {problem}")]);
        }
    }

    /// <summary>A random free address, as the apiserver's bitmap allocator picks one (skipping the network address and .1).</summary>
    private string FreeClusterIp(AdmissionRequest request)
    {
        for (var attempt = 0; attempt < 10_000; attempt++)
        {
            var candidate = ToText(RangeStart + 2 + (uint)Random.Shared.Next((int)RangeSize - 3));
            if (!IsClusterIpUsed(request, candidate))
            {
                return candidate;
            }
        }

        throw ApiException.Internal("failed to allocate a serviceIP: range is full");
    }

    private bool IsClusterIpUsed(AdmissionRequest request, string ip) => _clusterIps.IsUsed(request.Api.Store, ip);

    private static void AllocateNodePorts(AdmissionRequest request, JsonObject spec, JsonObject? oldSpec)
    {
        var used = request.Api.Store.List(BuiltinResources.Services.StorageKey, null).Items
            .Where(s => s.Key != StoredObject.KeyOf(request.Object.Namespace(), request.Object.Name()))
            .SelectMany(s => s.ToJsonObject().ObjectAt("spec").Objects("ports"))
            .Select(p => p.Long("nodePort"))
            .OfType<long>()
            .ToHashSet();
        var oldPorts = oldSpec.Objects("ports").ToList();
        var ports = spec.Objects("ports").ToList();
        // Other Services' node ports refuse an asked one; this Service's own too when one is picked for it (the same
        // number on TCP and UDP of one Service is allowed).
        var taken = new HashSet<long>(used);
        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i];
            if (port.Long("nodePort") is { } asked and not 0)
            {
                // The node port allocator's refusals: outside the range, or held by another Service.
                var problem = asked is < NodePortFirst or > NodePortLast
                    ? $"provided port is not in the valid range. The range of valid ports is {NodePortFirst}-{NodePortLast}"
                    : used.Contains(asked) ? "provided port is already allocated" : null;
                if (problem is not null)
                {
                    throw ApiException.Invalid(request.Type, request.Object.Name(), [new FieldError(
                        $"spec.ports[{i.ToString(System.Globalization.CultureInfo.InvariantCulture)}].nodePort", "FieldValueInvalid",
                        $"Invalid value: {asked.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {problem}")]);
                }

                taken.Add(asked);
                continue;
            }

            var kept = oldPorts.FirstOrDefault(p => p.Long("port") == port.Long("port") && p.Str("protocol") == port.Str("protocol"))?.Long("nodePort");
            var nodePort = kept ?? Enumerable.Range(0, NodePortCount).Select(n => NodePortFirst + ((n + Random.Shared.Next(NodePortCount)) % NodePortCount)).First(p => !taken.Contains(p));
            taken.Add(nodePort);
            port["nodePort"] = nodePort;
        }
    }

    private static uint ToUInt(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
    }

    private static string ToText(uint value) => $"{value >> 24}.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}";
}
