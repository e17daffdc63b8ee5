using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers.Nodes;
using KubeContainers.LocalCluster.Controllers.Storage;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Controllers;

/// <summary>
/// What a fresh cluster holds before anyone applies anything: the system namespaces, the simulated nodes,
/// the default StorageClass, the IngressClass and any Kata RuntimeClasses the options ask for.
/// </summary>
internal static class ClusterSeed
{
    private const string Manager = "kube-apiserver";
    private const string KubernetesVersion = "v1.31.0";

    public static void Apply(ResourceService api, LocalClusterOptions options)
    {
        var write = WriteOptions.System(Manager);
        foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            api.Create(BuiltinResources.Namespaces, null, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Namespace",
                ["metadata"] = new JsonObject { ["name"] = ns },
            }, write);
        }

        var now = ObjectMeta.Timestamp(api.Now);
        for (var i = 0; i < options.Nodes.Count; i++)
        {
            api.Create(BuiltinResources.Nodes, null, Node(options.Nodes[i], i, now), WriteOptions.System("kubelet"));
        }

        foreach (var storageClass in options.StorageClasses)
        {
            api.Create(BuiltinResources.StorageClasses, null, StorageClass(storageClass), write);
        }

        if (options.IngressClassName is { } ingressClass)
        {
            var meta = new JsonObject { ["name"] = ingressClass };
            if (options.IngressClassIsDefault)
            {
                meta["annotations"] = new JsonObject { ["ingressclass.kubernetes.io/is-default-class"] = "true" };
            }

            api.Create(BuiltinResources.IngressClasses, null, new JsonObject
            {
                ["apiVersion"] = "networking.k8s.io/v1",
                ["kind"] = "IngressClass",
                ["metadata"] = meta,
                ["spec"] = new JsonObject { ["controller"] = options.IngressController },
            }, write);
        }

        foreach (var runtimeClass in options.KataRuntimeClasses)
        {
            api.Create(BuiltinResources.RuntimeClasses, null, new JsonObject
            {
                ["apiVersion"] = "node.k8s.io/v1",
                ["kind"] = "RuntimeClass",
                ["metadata"] = new JsonObject { ["name"] = runtimeClass },
                ["handler"] = runtimeClass,
                ["overhead"] = new JsonObject { ["podFixed"] = new JsonObject { ["cpu"] = "250m", ["memory"] = "160Mi" } },
                ["scheduling"] = new JsonObject
                {
                    ["nodeSelector"] = new JsonObject { [NodeSpec.KataLabel] = "true" },
                },
            }, write);
        }
    }

    private static JsonObject StorageClass(StorageClassSpec spec)
    {
        var meta = new JsonObject { ["name"] = spec.Name };
        if (spec.IsDefault)
        {
            meta["annotations"] = new JsonObject { ["storageclass.kubernetes.io/is-default-class"] = "true" };
        }

        var storageClass = new JsonObject
        {
            ["apiVersion"] = "storage.k8s.io/v1",
            ["kind"] = "StorageClass",
            ["metadata"] = meta,
            ["provisioner"] = spec.Provisioner,
            ["reclaimPolicy"] = spec.ReclaimPolicy,
            ["volumeBindingMode"] = spec.VolumeBindingMode,
        };
        if (spec.AllowVolumeExpansion)
        {
            storageClass["allowVolumeExpansion"] = true;
        }

        return storageClass;
    }

    private static JsonObject Node(NodeSpec spec, int index, string now)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["beta.kubernetes.io/arch"] = spec.Arch,
            ["beta.kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = spec.Arch,
            ["kubernetes.io/hostname"] = spec.Name,
            ["kubernetes.io/os"] = "linux",
        };
        if (spec.Gpus > 0)
        {
            labels["nvidia.com/gpu.present"] = "true";
        }

        foreach (var (key, value) in spec.Labels ?? new Dictionary<string, string>())
        {
            labels[key] = value;
        }

        var resources = new JsonObject
        {
            ["cpu"] = spec.Cpu,
            ["ephemeral-storage"] = "100Gi",
            ["hugepages-1Gi"] = "0",
            ["hugepages-2Mi"] = "0",
            ["memory"] = spec.Memory,
            ["pods"] = spec.Pods.ToString(CultureInfo.InvariantCulture),
        };
        if (spec.Gpus > 0)
        {
            resources["nvidia.com/gpu"] = spec.Gpus.ToString(CultureInfo.InvariantCulture);
        }

        var podCidr = $"10.244.{index % 256}.0/24";
        var nodeSpec = new JsonObject
        {
            ["podCIDR"] = podCidr,
            ["podCIDRs"] = new JsonArray(podCidr),
            ["providerID"] = $"local://{spec.Name}",
        };
        if (spec.Taints is { Count: > 0 } taints)
        {
            nodeSpec["taints"] = taints.Select(t => (JsonNode?)Taint(t)).ToJsonArray();
        }

        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(spec.Name)))[..32];
        var node = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject
            {
                ["name"] = spec.Name,
                ["labels"] = labels.ToJson(),
                ["annotations"] = Annotations(spec),
            },
            ["spec"] = nodeSpec,
            ["status"] = new JsonObject
            {
                ["capacity"] = resources.DeepClone(),
                ["allocatable"] = resources,
                ["conditions"] = new JsonArray(
                    NodeCondition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", now),
                    NodeCondition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now),
                    NodeCondition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", now),
                    NodeCondition("Ready", "True", "KubeletReady", "kubelet is posting ready status", now)),
                ["addresses"] = new JsonArray(
                    new JsonObject { ["type"] = "InternalIP", ["address"] = $"172.18.0.{(index % 250) + 2}" },
                    new JsonObject { ["type"] = "Hostname", ["address"] = spec.Name }),
                ["daemonEndpoints"] = new JsonObject { ["kubeletEndpoint"] = new JsonObject { ["Port"] = 10250 } },
                ["nodeInfo"] = new JsonObject
                {
                    ["architecture"] = spec.Arch,
                    ["bootID"] = id,
                    ["containerRuntimeVersion"] = "containerd://2.0.5",
                    ["kernelVersion"] = "6.8.0-45-generic",
                    ["kubeProxyVersion"] = KubernetesVersion,
                    ["kubeletVersion"] = KubernetesVersion,
                    ["machineID"] = id,
                    ["operatingSystem"] = "linux",
                    ["osImage"] = "Debian GNU/Linux 12 (bookworm)",
                    ["systemUUID"] = id,
                },
            },
        };
        if ((spec.RuntimeHandlers ?? NodeSpec.StandardRuntimeHandlers) is { Count: > 0 } handlers)
        {
            node.Child("status")["runtimeHandlers"] = RuntimeHandlers(handlers);
        }

        return node;
    }

    private static JsonObject Annotations(NodeSpec spec)
    {
        var annotations = new JsonObject
        {
            ["node.alpha.kubernetes.io/ttl"] = "0",
            ["volumes.kubernetes.io/controller-managed-attach-detach"] = "true",
        };
        if (spec.UnreportedRuntimeHandlers is { Count: > 0 } unreported)
        {
            annotations[NodeSpec.UnreportedRuntimeHandlersAnnotation] = string.Join(',', unreported);
        }

        return annotations;
    }

    /// <summary>status.runtimeHandlers as the kubelet writes it: one entry per handler, by name ("" first), with its features.</summary>
    private static JsonArray RuntimeHandlers(IReadOnlyList<NodeRuntimeHandler> handlers) => handlers
        .DistinctBy(h => h.Name, StringComparer.Ordinal)
        .OrderBy(h => h.Name, StringComparer.Ordinal)
        .Select(h => (JsonNode?)new JsonObject
        {
            ["name"] = h.Name,
            ["features"] = new JsonObject
            {
                ["recursiveReadOnlyMounts"] = h.RecursiveReadOnlyMounts,
                ["userNamespaces"] = h.UserNamespaces,
            },
        })
        .ToJsonArray();

    private static JsonObject NodeCondition(string type, string status, string reason, string message, string now) => new()
    {
        ["type"] = type,
        ["status"] = status,
        ["lastHeartbeatTime"] = now,
        ["lastTransitionTime"] = now,
        ["reason"] = reason,
        ["message"] = message,
    };

    /// <summary>kubectl taint syntax: key[=value]:Effect.</summary>
    private static JsonObject Taint(string text)
    {
        var colon = text.LastIndexOf(':');
        var keyValue = colon < 0 ? text : text[..colon];
        var effect = colon < 0 ? "NoSchedule" : text[(colon + 1)..];
        var equals = keyValue.IndexOf('=', StringComparison.Ordinal);
        var taint = new JsonObject { ["key"] = equals < 0 ? keyValue : keyValue[..equals] };
        if (equals >= 0)
        {
            taint["value"] = keyValue[(equals + 1)..];
        }

        taint["effect"] = effect;
        return taint;
    }
}
