using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers;
using KubeContainers.LocalCluster.Controllers.Kubelet.Images;

namespace KubeContainers.LocalCluster.Admission.PodSecurity;

/// <summary>One failed check: the short reason and the detail naming what failed (upstream's CheckResult).</summary>
public sealed record PodSecurityViolation(string Reason, string Detail);

/// <summary>
/// The Pod Security Standards checks of staging/src/k8s.io/pod-security-admission/policy at their latest versions,
/// on a pod's metadata and spec as JSON, with upstream's reasons and details. Evaluated in upstream's order: the
/// baseline checks, then (restricted) the restricted ones or (baseline) the baseline checks the restricted level
/// replaces, each group in the order upstream registers them.
/// </summary>
public static class PodSecurityChecks
{
    private delegate PodSecurityViolation? Check(JsonObject metadata, JsonObject spec);

    private static readonly Check[] Baseline =
        [AppArmor, HostNamespaces, HostPorts, Privileged, ProcMount, SeLinuxOptions, Sysctls, WindowsHostProcess];

    /// <summary>Baseline checks that a stricter restricted check replaces (upstream's Overlap).</summary>
    private static readonly Check[] BaselineOnly = [CapabilitiesBaseline, HostPathVolumes, SeccompBaseline];

    private static readonly Check[] Restricted =
        [AllowPrivilegeEscalation, CapabilitiesRestricted, RestrictedVolumes, RunAsNonRoot, RunAsUser, SeccompRestricted];

    private static readonly HashSet<string> BaselineCapabilities =
    [
        "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP",
        "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
    ];

    private static readonly HashSet<string> SafeSysctls =
    [
        "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
        "net.ipv4.ip_unprivileged_port_start",
    ];

    private static readonly HashSet<string> SeLinuxTypes = ["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"];

    private static readonly string[] AllowedVolumeSources =
        ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];

    private static readonly string[] RestrictedVolumeTypes =
    [
        "hostPath", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "nfs", "iscsi", "glusterfs", "rbd", "flexVolume",
        "cinder", "cephfs", "flocker", "fc", "azureFile", "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk",
        "portworxVolume", "scaleIO", "storageos",
    ];

    public static IReadOnlyList<PodSecurityViolation> Evaluate(PodSecurityLevel level, JsonObject? metadata, JsonObject? spec)
    {
        if (level == PodSecurityLevel.Privileged)
        {
            return [];
        }

        var checks = Baseline.Concat(level == PodSecurityLevel.Baseline ? BaselineOnly : Restricted);
        var meta = metadata ?? [];
        var podSpec = spec ?? [];
        return checks.Select(check => check(meta, podSpec)).OfType<PodSecurityViolation>().ToList();
    }

    /// <summary>"reason (detail), reason (detail)": upstream's AggregateCheckResult.ForbiddenDetail.</summary>
    public static string Describe(IEnumerable<PodSecurityViolation> violations) =>
        string.Join(", ", violations.Select(v => v.Detail.Length > 0 ? $"{v.Reason} ({v.Detail})" : v.Reason));

    // --- baseline ---

    private static PodSecurityViolation? AppArmor(JsonObject metadata, JsonObject spec)
    {
        static bool Allowed(string? type) => type is "RuntimeDefault" or "Localhost";
        var setters = new List<string>();
        var values = new SortedSet<string>(StringComparer.Ordinal);
        if (spec.ObjectAt("securityContext")?.ObjectAt("appArmorProfile") is { } podProfile && !Allowed(podProfile.Str("type")))
        {
            setters.Add("pod");
            values.Add(podProfile.Str("type") ?? "");
        }

        var containers = Containers(spec).Where(c => SecurityContext(c)?.ObjectAt("appArmorProfile") is { } p && !Allowed(p.Str("type"))).ToList();
        foreach (var container in containers)
        {
            values.Add(SecurityContext(container)!.ObjectAt("appArmorProfile").Str("type") ?? "");
        }

        AddContainers(setters, containers);
        var annotations = metadata.StringMap("annotations")
            .Where(a => a.Key.StartsWith("container.apparmor.security.beta.kubernetes.io/", StringComparison.Ordinal)
                && a.Value.Length > 0 && a.Value != "runtime/default" && !a.Value.StartsWith("localhost/", StringComparison.Ordinal))
            .Select(a => $"{a.Key}={GoFormat.Quote(a.Value)}")
            .Order(StringComparer.Ordinal)
            .ToList();
        var badValues = values.Concat(annotations).ToList();
        if (annotations.Count > 0)
        {
            setters.Add(Pluralize("annotation", "annotations", annotations.Count));
        }

        return setters.Count == 0
            ? null
            : new(Pluralize("forbidden AppArmor profile", "forbidden AppArmor profiles", badValues.Count),
                $"{string.Join(" and ", setters)} must not set AppArmor profile type to {JoinQuote(badValues)}");
    }

    private static PodSecurityViolation? HostNamespaces(JsonObject metadata, JsonObject spec)
    {
        var shared = new[] { "hostIPC", "hostNetwork", "hostPID" }.Where(f => spec.Bool(f) == true).ToList();
        return shared.Count == 0 ? null : new("host namespaces", string.Join(", ", shared));
    }

    private static PodSecurityViolation? HostPorts(JsonObject metadata, JsonObject spec)
    {
        var bad = new List<string>();
        var ports = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var container in Containers(spec))
        {
            var hostPorts = container.Objects("ports").Select(p => p.Long("hostPort") ?? 0).Where(p => p != 0).ToList();
            if (hostPorts.Count > 0)
            {
                bad.Add(Name(container));
                ports.UnionWith(hostPorts.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        return bad.Count == 0
            ? null
            : new("hostPort", $"{Pluralize("container", "containers", bad.Count)} {JoinQuote(bad)} {Pluralize("uses", "use", bad.Count)} {Pluralize("hostPort", "hostPorts", ports.Count)} {string.Join(", ", ports)}");
    }

    private static PodSecurityViolation? Privileged(JsonObject metadata, JsonObject spec)
    {
        var bad = Containers(spec).Where(c => SecurityContext(c).Bool("privileged") == true).Select(Name).ToList();
        return bad.Count == 0
            ? null
            : new("privileged", $"{Pluralize("container", "containers", bad.Count)} {JoinQuote(bad)} must not set securityContext.privileged=true");
    }

    private static PodSecurityViolation? ProcMount(JsonObject metadata, JsonObject spec)
    {
        var bad = new List<string>();
        var types = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var container in Containers(spec))
        {
            if (SecurityContext(container).Str("procMount") is { } procMount && procMount != "Default")
            {
                bad.Add(Name(container));
                types.Add(procMount);
            }
        }

        return bad.Count == 0
            ? null
            : new("procMount", $"{Pluralize("container", "containers", bad.Count)} {JoinQuote(bad)} must not set securityContext.procMount to {JoinQuote(types)}");
    }

    private static PodSecurityViolation? SeLinuxOptions(JsonObject metadata, JsonObject spec)
    {
        var badTypes = new SortedSet<string>(StringComparer.Ordinal);
        var setUser = false;
        var setRole = false;
        bool Valid(JsonObject? options)
        {
            if (options is null)
            {
                return true;
            }

            var valid = true;
            var type = options.Str("type") ?? "";
            if (!SeLinuxTypes.Contains(type))
            {
                valid = false;
                badTypes.Add(type);
            }

            if (options.Str("user") is { Length: > 0 })
            {
                valid = false;
                setUser = true;
            }

            if (options.Str("role") is { Length: > 0 })
            {
                valid = false;
                setRole = true;
            }

            return valid;
        }

        var setters = new List<string>();
        if (!Valid(spec.ObjectAt("securityContext")?.ObjectAt("seLinuxOptions")))
        {
            setters.Add("pod");
        }

        AddContainers(setters, Containers(spec).Where(c => !Valid(SecurityContext(c)?.ObjectAt("seLinuxOptions"))).ToList());
        if (setters.Count == 0)
        {
            return null;
        }

        var data = new List<string>();
        if (badTypes.Count > 0)
        {
            data.Add($"{Pluralize("type", "types", badTypes.Count)} {JoinQuote(badTypes)}");
        }

        if (setUser)
        {
            data.Add("user may not be set");
        }

        if (setRole)
        {
            data.Add("role may not be set");
        }

        return new("seLinuxOptions", $"{string.Join(" and ", setters)} set forbidden securityContext.seLinuxOptions: {string.Join("; ", data)}");
    }

    private static PodSecurityViolation? Sysctls(JsonObject metadata, JsonObject spec)
    {
        var forbidden = spec.ObjectAt("securityContext").Objects("sysctls").Select(s => s.Str("name") ?? "").Where(n => !SafeSysctls.Contains(n)).ToList();
        return forbidden.Count == 0 ? null : new("forbidden sysctls", string.Join(", ", forbidden));
    }

    private static PodSecurityViolation? WindowsHostProcess(JsonObject metadata, JsonObject spec)
    {
        static bool HostProcess(JsonObject? context) => context?.ObjectAt("windowsOptions").Bool("hostProcess") == true;
        var setters = new List<string>();
        if (HostProcess(spec.ObjectAt("securityContext")))
        {
            setters.Add("pod");
        }

        AddContainers(setters, Containers(spec).Where(c => HostProcess(SecurityContext(c))).ToList());
        return setters.Count == 0
            ? null
            : new("hostProcess", $"{string.Join(" and ", setters)} must not set securityContext.windowsOptions.hostProcess=true");
    }

    private static PodSecurityViolation? CapabilitiesBaseline(JsonObject metadata, JsonObject spec)
    {
        var bad = new List<string>();
        var capabilities = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var container in Containers(spec))
        {
            var added = Added(container).Where(c => !BaselineCapabilities.Contains(c)).ToList();
            if (added.Count > 0)
            {
                bad.Add(Name(container));
                capabilities.UnionWith(added);
            }
        }

        return bad.Count == 0
            ? null
            : new("non-default capabilities", $"{Pluralize("container", "containers", bad.Count)} {JoinQuote(bad)} must not include {JoinQuote(capabilities)} in securityContext.capabilities.add");
    }

    private static PodSecurityViolation? HostPathVolumes(JsonObject metadata, JsonObject spec)
    {
        var bad = spec.Objects("volumes").Where(v => v["hostPath"] is not null).Select(Name).ToList();
        return bad.Count == 0 ? null : new("hostPath volumes", $"{Pluralize("volume", "volumes", bad.Count)} {JoinQuote(bad)}");
    }

    private static PodSecurityViolation? SeccompBaseline(JsonObject metadata, JsonObject spec) =>
        Seccomp(spec, requireProfile: false);

    // --- restricted ---

    private static PodSecurityViolation? AllowPrivilegeEscalation(JsonObject metadata, JsonObject spec)
    {
        var bad = Containers(spec).Where(c => SecurityContext(c).Bool("allowPrivilegeEscalation") != false).Select(Name).ToList();
        return bad.Count == 0
            ? null
            : new("allowPrivilegeEscalation != false", $"{Pluralize("container", "containers", bad.Count)} {JoinQuote(bad)} must set securityContext.allowPrivilegeEscalation=false");
    }

    private static PodSecurityViolation? CapabilitiesRestricted(JsonObject metadata, JsonObject spec)
    {
        var missingDropAll = new List<string>();
        var adding = new List<string>();
        var forbidden = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var container in Containers(spec))
        {
            var capabilities = SecurityContext(container)?.ObjectAt("capabilities");
            if (capabilities is null)
            {
                missingDropAll.Add(Name(container));
                continue;
            }

            if (!Strings(capabilities["drop"]).Contains("ALL"))
            {
                missingDropAll.Add(Name(container));
            }

            var added = Strings(capabilities["add"]).Where(c => c != "NET_BIND_SERVICE").ToList();
            if (added.Count > 0)
            {
                adding.Add(Name(container));
                forbidden.UnionWith(added);
            }
        }

        var details = new List<string>();
        if (missingDropAll.Count > 0)
        {
            details.Add($"{Pluralize("container", "containers", missingDropAll.Count)} {JoinQuote(missingDropAll)} must set securityContext.capabilities.drop=[\"ALL\"]");
        }

        if (adding.Count > 0)
        {
            details.Add($"{Pluralize("container", "containers", adding.Count)} {JoinQuote(adding)} must not include {JoinQuote(forbidden)} in securityContext.capabilities.add");
        }

        return details.Count == 0 ? null : new("unrestricted capabilities", string.Join("; ", details));
    }

    private static PodSecurityViolation? RestrictedVolumes(JsonObject metadata, JsonObject spec)
    {
        var bad = new List<string>();
        var types = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var volume in spec.Objects("volumes"))
        {
            if (AllowedVolumeSources.Any(s => volume[s] is not null))
            {
                continue;
            }

            bad.Add(Name(volume));
            types.Add(RestrictedVolumeTypes.FirstOrDefault(t => volume[t] is not null) ?? "unknown");
        }

        return bad.Count == 0
            ? null
            : new("restricted volume types",
                $"{Pluralize("volume", "volumes", bad.Count)} {JoinQuote(bad)} {Pluralize("uses", "use", bad.Count)} {Pluralize("restricted volume type", "restricted volume types", types.Count)} {JoinQuote(types)}");
    }

    private static PodSecurityViolation? RunAsNonRoot(JsonObject metadata, JsonObject spec)
    {
        var setters = new List<string>();
        var podNonRoot = false;
        switch (spec.ObjectAt("securityContext").Bool("runAsNonRoot"))
        {
            case false:
                setters.Add("pod");
                break;
            case true:
                podNonRoot = true;
                break;
        }

        var explicitlyBad = new List<JsonObject>();
        var implicitlyBad = new List<string>();
        foreach (var container in Containers(spec))
        {
            switch (SecurityContext(container).Bool("runAsNonRoot"))
            {
                case false:
                    explicitlyBad.Add(container);
                    break;
                case null when !podNonRoot:
                    implicitlyBad.Add(Name(container));
                    break;
            }
        }

        AddContainers(setters, explicitlyBad);
        if (setters.Count > 0)
        {
            return new("runAsNonRoot != true", $"{string.Join(" and ", setters)} must not set securityContext.runAsNonRoot=false");
        }

        return implicitlyBad.Count == 0
            ? null
            : new("runAsNonRoot != true", $"pod or {Pluralize("container", "containers", implicitlyBad.Count)} {JoinQuote(implicitlyBad)} must set securityContext.runAsNonRoot=true");
    }

    private static PodSecurityViolation? RunAsUser(JsonObject metadata, JsonObject spec)
    {
        var setters = new List<string>();
        if (spec.ObjectAt("securityContext").Long("runAsUser") == 0)
        {
            setters.Add("pod");
        }

        AddContainers(setters, Containers(spec).Where(c => SecurityContext(c).Long("runAsUser") == 0).ToList());
        return setters.Count == 0 ? null : new("runAsUser=0", $"{string.Join(" and ", setters)} must not set runAsUser=0");
    }

    private static PodSecurityViolation? SeccompRestricted(JsonObject metadata, JsonObject spec) =>
        Seccomp(spec, requireProfile: true);

    /// <summary>
    /// seccompProfile: an explicit type other than RuntimeDefault or Localhost is refused at both levels; restricted
    /// also requires every container to get one, from the pod or its own securityContext.
    /// </summary>
    private static PodSecurityViolation? Seccomp(JsonObject spec, bool requireProfile)
    {
        static bool Valid(JsonObject profile) => profile.Str("type") is "RuntimeDefault" or "Localhost";
        var setters = new List<string>();
        var badValues = new SortedSet<string>(StringComparer.Ordinal);
        var podSet = false;
        if (spec.ObjectAt("securityContext")?.ObjectAt("seccompProfile") is { } podProfile)
        {
            if (Valid(podProfile))
            {
                podSet = true;
            }
            else
            {
                setters.Add("pod");
                badValues.Add(podProfile.Str("type") ?? "");
            }
        }

        var explicitlyBad = new List<JsonObject>();
        var implicitlyBad = new List<string>();
        foreach (var container in Containers(spec))
        {
            if (SecurityContext(container)?.ObjectAt("seccompProfile") is { } profile)
            {
                if (!Valid(profile))
                {
                    explicitlyBad.Add(container);
                    badValues.Add(profile.Str("type") ?? "");
                }
            }
            else if (!podSet)
            {
                implicitlyBad.Add(Name(container));
            }
        }

        AddContainers(setters, explicitlyBad);
        if (setters.Count > 0)
        {
            return new("seccompProfile", $"{string.Join(" and ", setters)} must not set securityContext.seccompProfile.type to {JoinQuote(badValues)}");
        }

        return !requireProfile || implicitlyBad.Count == 0
            ? null
            : new("seccompProfile", $"pod or {Pluralize("container", "containers", implicitlyBad.Count)} {JoinQuote(implicitlyBad)} must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"");
    }

    // --- helpers ---

    /// <summary>Init containers, containers, then ephemeral containers: upstream's visitContainers order.</summary>
    private static IEnumerable<JsonObject> Containers(JsonObject spec) =>
        spec.Objects("initContainers").Concat(spec.Objects("containers")).Concat(spec.Objects("ephemeralContainers"));

    private static JsonObject? SecurityContext(JsonObject container) => container.ObjectAt("securityContext");

    private static IEnumerable<string> Added(JsonObject container) => Strings(SecurityContext(container)?.ObjectAt("capabilities")?["add"]);

    private static IEnumerable<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => n?.ToString() ?? "") : [];

    private static string Name(JsonObject obj) => obj.Str("name") ?? "";

    private static void AddContainers(List<string> setters, IReadOnlyList<JsonObject> containers)
    {
        if (containers.Count > 0)
        {
            setters.Add($"{Pluralize("container", "containers", containers.Count)} {JoinQuote(containers.Select(Name))}");
        }
    }

    private static string Pluralize(string singular, string plural, int count) => count == 1 ? singular : plural;

    private static string JoinQuote(IEnumerable<string> items) => string.Join(", ", items.Select(GoFormat.Quote));
}
