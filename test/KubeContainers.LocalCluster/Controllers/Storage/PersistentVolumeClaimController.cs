using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Controllers.Storage;

/// <summary>
/// The persistent volume controller with a dynamic provisioner behind every StorageClass: a pending claim whose class
/// exists gets a PersistentVolume pvc-&lt;uid&gt; (capacity = request, the claim's access modes and volume mode, the class's
/// reclaim policy) and is bound to it (Immediate at once; WaitForFirstConsumer once a scheduled pod uses the claim).
/// A claim naming a missing class stays Pending with ProvisioningFailed; a claim without a class waits for a volume.
/// When a bound claim goes, a Delete-policy volume goes with it. A bound claim whose request grows is resized at once
/// (volume and claim capacity; upstream's external-resizer and kubelet take a while and record more Events).
/// </summary>
internal sealed class PersistentVolumeClaimController(EventRecorder events, TimeProvider clock) : ReconcileLoop(clock)
{
    private const string Component = "persistentvolume-controller";
    private static readonly WriteOptions Write = WriteOptions.System("kube-controller-manager");

    /// <summary>Work keys for deleted claims; "!" cannot start a namespace, so they never collide with a claim's key.</summary>
    private const string Released = "!released/";

    /// <summary>kind's and k3s's provisioner: volumes are directories on one node's disk.</summary>
    private const string LocalPathProvisioner = "rancher.io/local-path";

    /// <summary>The claims without a volume, kept from the change feed: a pod change looks only at its namespace's.</summary>
    private readonly HashSet<string> _unbound = new(StringComparer.Ordinal);

    protected override IReadOnlyCollection<string> Watches { get; } =
        [BuiltinResources.PersistentVolumeClaims.StorageKey, BuiltinResources.StorageClasses.StorageKey, BuiltinResources.Pods.StorageKey];

    protected override IEnumerable<string> InitialKeys(ResourceService api)
    {
        _unbound.Clear();
        foreach (var claim in api.Store.List(BuiltinResources.PersistentVolumeClaims.StorageKey, null).Items)
        {
            Observe(claim);
        }

        return [.. _unbound];
    }

    protected override IEnumerable<string> KeysFor(ResourceService api, WatchEvent change)
    {
        if (change.StorageKey == BuiltinResources.PersistentVolumeClaims.StorageKey)
        {
            if (change.Type == WatchEvent.Deleted)
            {
                _unbound.Remove(change.Object.Key);
                return [Released + change.Object.Uid];
            }

            Observe(change.Object);
            return [change.Object.Key];
        }

        if (change.StorageKey == BuiltinResources.StorageClasses.StorageKey)
        {
            return [.. _unbound];
        }

        // A pod can only consume claims of its own namespace (WaitForFirstConsumer).
        var prefix = change.Object.Namespace + "/";
        return _unbound.Count == 0 ? [] : [.. _unbound.Where(k => k.StartsWith(prefix, StringComparison.Ordinal))];
    }

    private void Observe(StoredObject claim)
    {
        if (claim.ToJsonObject().ObjectAt("spec").Str("volumeName") is { Length: > 0 })
        {
            _unbound.Remove(claim.Key);
        }
        else
        {
            _unbound.Add(claim.Key);
        }
    }

    protected override TimeSpan? Reconcile(ResourceService api, string key)
    {
        var (ns, name) = SplitKey(key);
        if (ns + "/" == Released)
        {
            ReleaseVolume(api, name);
            return null;
        }

        if (api.TryGet(BuiltinResources.PersistentVolumeClaims, ns, name) is not { } claim || claim.IsDeleting())
        {
            return null;
        }

        if (claim.ObjectAt("spec").Str("volumeName") is { Length: > 0 } boundTo)
        {
            Resize(api, claim, boundTo);
            return null;
        }

        var className = claim.ObjectAt("spec").Str("storageClassName");
        if (string.IsNullOrEmpty(className))
        {
            if (SetPending(api, claim))
            {
                events.Record(api, claim, EventRecorder.Normal, "FailedBinding", "no persistent volumes available for this claim and no storage class is set", Component);
            }

            return null;
        }

        if (api.TryGet(BuiltinResources.StorageClasses, null, className) is not { } storageClass)
        {
            if (SetPending(api, claim))
            {
                events.Record(api, claim, EventRecorder.Warning, "ProvisioningFailed", $"storageclass.storage.k8s.io \"{className}\" not found", Component);
            }

            return null;
        }

        var selectedNode = ScheduledConsumerNode(api, claim);
        if (storageClass.Str("volumeBindingMode") == "WaitForFirstConsumer" && selectedNode is null)
        {
            if (SetPending(api, claim))
            {
                events.Record(api, claim, EventRecorder.Normal, "WaitForFirstConsumer", "waiting for first consumer to be created before binding", Component);
            }

            return null;
        }

        Bind(api, claim, storageClass, storageClass.Str("volumeBindingMode") == "WaitForFirstConsumer" ? selectedNode : null);
        return null;
    }

    /// <summary>
    /// Provisions and binds. <paramref name="selectedNode"/> is the node the scheduler chose for the first consumer of
    /// a WaitForFirstConsumer claim: the claim records it (<c>volume.kubernetes.io/selected-node</c>) and a local-path
    /// volume lives there (its nodeAffinity names that host), so every later pod using it must run on that node.
    /// </summary>
    private void Bind(ResourceService api, JsonObject claim, JsonObject storageClass, string? selectedNode)
    {
        var spec = claim.Child("spec");
        var volumeName = $"pvc-{claim.Uid()}";
        var size = spec.ObjectAt("resources")?.ObjectAt("requests")?["storage"]?.DeepClone() ?? "1Gi";
        var accessModes = spec["accessModes"]?.DeepClone() ?? new JsonArray("ReadWriteOnce");
        var provisioner = storageClass.Str("provisioner") ?? "";
        if (api.TryGet(BuiltinResources.PersistentVolumes, null, volumeName) is null)
        {
            var volume = api.Create(BuiltinResources.PersistentVolumes, null, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "PersistentVolume",
                ["metadata"] = new JsonObject
                {
                    ["name"] = volumeName,
                    ["annotations"] = new JsonObject { ["pv.kubernetes.io/provisioned-by"] = provisioner },
                },
                ["spec"] = new JsonObject
                {
                    ["capacity"] = new JsonObject { ["storage"] = size.DeepClone() },
                    ["accessModes"] = accessModes.DeepClone(),
                    ["persistentVolumeReclaimPolicy"] = storageClass.Str("reclaimPolicy") ?? "Delete",
                    ["storageClassName"] = storageClass.Name(),
                    ["volumeMode"] = spec.Str("volumeMode") ?? "Filesystem",
                    ["hostPath"] = new JsonObject
                    {
                        ["path"] = $"/var/local-path-provisioner/{volumeName}_{claim.Namespace()}_{claim.Name()}",
                        ["type"] = "DirectoryOrCreate",
                    },
                    ["claimRef"] = new JsonObject
                    {
                        ["apiVersion"] = "v1",
                        ["kind"] = "PersistentVolumeClaim",
                        ["namespace"] = claim.Namespace(),
                        ["name"] = claim.Name(),
                        ["uid"] = claim.Uid(),
                        ["resourceVersion"] = claim.ResourceVersion(),
                    },
                },
            }, Write);
            if (selectedNode is not null && provisioner == LocalPathProvisioner)
            {
                volume.Child("spec")["nodeAffinity"] = new JsonObject
                {
                    ["required"] = new JsonObject
                    {
                        ["nodeSelectorTerms"] = new JsonArray(new JsonObject
                        {
                            ["matchExpressions"] = new JsonArray(new JsonObject
                            {
                                ["key"] = "kubernetes.io/hostname",
                                ["operator"] = "In",
                                ["values"] = new JsonArray(selectedNode),
                            }),
                        }),
                    },
                };
                volume = api.Update(BuiltinResources.PersistentVolumes, null, volumeName, volume, null, Write);
            }

            volume["status"] = new JsonObject { ["phase"] = "Bound" };
            api.Update(BuiltinResources.PersistentVolumes, null, volumeName, volume, "status", Write);
            events.Record(api, claim, EventRecorder.Normal, "ProvisioningSucceeded", $"Successfully provisioned volume {volumeName}", provisioner);
        }

        var annotations = claim.Metadata().Child("annotations");
        annotations["pv.kubernetes.io/bind-completed"] = "yes";
        annotations["pv.kubernetes.io/bound-by-controller"] = "yes";
        annotations["volume.beta.kubernetes.io/storage-provisioner"] = provisioner;
        annotations["volume.kubernetes.io/storage-provisioner"] = provisioner;
        if (selectedNode is not null)
        {
            annotations["volume.kubernetes.io/selected-node"] = selectedNode;
        }

        spec["volumeName"] = volumeName;
        var bound = api.Update(BuiltinResources.PersistentVolumeClaims, claim.Namespace(), claim.Name(), claim, null, Write);
        bound["status"] = new JsonObject
        {
            ["phase"] = "Bound",
            ["accessModes"] = accessModes.DeepClone(),
            ["capacity"] = new JsonObject { ["storage"] = size.DeepClone() },
        };
        api.Update(BuiltinResources.PersistentVolumeClaims, claim.Namespace(), claim.Name(), bound, "status", Write);
    }

    /// <summary>
    /// The external resizer and the kubelet in one step: a bound claim whose request grew past its capacity (admission
    /// has already checked that its class allows expansion) gets its volume's and its own capacity raised.
    /// </summary>
    private void Resize(ResourceService api, JsonObject claim, string volumeName)
    {
        var requested = claim.ObjectAt("spec")?.ObjectAt("resources")?.ObjectAt("requests")?["storage"];
        if (claim.ObjectAt("status").Str("phase") != "Bound" || Quantity.Of(requested) is not { } size
            || Quantity.Of(claim.ObjectAt("status")?.ObjectAt("capacity")?["storage"]) is not { } capacity || size <= capacity)
        {
            return;
        }

        if (api.TryGet(BuiltinResources.PersistentVolumes, null, volumeName) is { } volume)
        {
            volume.Child("spec").Child("capacity")["storage"] = requested!.DeepClone();
            api.Update(BuiltinResources.PersistentVolumes, null, volumeName, volume, null, Write);
        }

        claim.Child("status").Child("capacity")["storage"] = requested!.DeepClone();
        api.Update(BuiltinResources.PersistentVolumeClaims, claim.Namespace(), claim.Name(), claim, "status", Write);
        events.Record(api, claim, EventRecorder.Normal, "FileSystemResizeSuccessful", $"MountVolume.NodeExpandVolume succeeded for volume \"{volumeName}\"", "kubelet");
    }

    /// <summary>Marks the claim Pending; false when it already was (so each wait is reported once).</summary>
    private static bool SetPending(ResourceService api, JsonObject claim)
    {
        if (claim.ObjectAt("status").Str("phase") == "Pending")
        {
            return false;
        }

        claim["status"] = new JsonObject { ["phase"] = "Pending" };
        api.Update(BuiltinResources.PersistentVolumeClaims, claim.Namespace(), claim.Name(), claim, "status", Write);
        return true;
    }

    /// <summary>The node of a scheduled pod that uses the claim (the first by name), or null when none is scheduled.</summary>
    private static string? ScheduledConsumerNode(ResourceService api, JsonObject claim) =>
        api.Store.Current(BuiltinResources.Pods.StorageKey, claim.Namespace())
            .Select(p => p.ToJsonObject())
            .Where(p => p.ObjectAt("spec").Str("nodeName") is { Length: > 0 } &&
                p.ObjectAt("spec").Objects("volumes").Any(v => v.ObjectAt("persistentVolumeClaim").Str("claimName") == claim.Name()))
            .Select(p => p.ObjectAt("spec").Str("nodeName"))
            .FirstOrDefault();

    /// <summary>The claim with this uid is gone: its provisioned volume goes too when the policy says Delete.</summary>
    private static void ReleaseVolume(ResourceService api, string claimUid)
    {
        var volumeName = $"pvc-{claimUid}";
        if (api.TryGet(BuiltinResources.PersistentVolumes, null, volumeName) is { } volume &&
            volume.ObjectAt("spec").Str("persistentVolumeReclaimPolicy") == "Delete")
        {
            api.Delete(BuiltinResources.PersistentVolumes, null, volumeName, new DeleteOptions(PreconditionUid: volume.Uid()));
        }
    }
}
