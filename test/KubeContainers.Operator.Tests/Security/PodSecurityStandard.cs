using k8s.Models;

namespace KubeContainers.Operator.Tests.Security;

/// <summary>
/// The Pod Security Standards (kubernetes.io/docs/concepts/security/pod-security-standards, v1.32), control by
/// control, as the PodSecurity admission plugin reads a pod spec. Returns every violation, so a test names them.
/// </summary>
internal static class PodSecurityStandard
{
    private static readonly HashSet<string> BaselineCapabilities =
    [
        "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP",
        "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
    ];

    private static readonly HashSet<string> SafeSysctls =
    [
        "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
        "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes",
    ];

    public static List<string> Baseline(V1PodSpec pod)
    {
        var violations = new List<string>();
        void Check(bool ok, string control)
        {
            if (!ok)
            {
                violations.Add(control);
            }
        }

        var containers = AllContainers(pod).ToList();
        Check(pod.SecurityContext?.WindowsOptions?.HostProcess != true && containers.All(c => c.SecurityContext?.WindowsOptions?.HostProcess != true), "HostProcess");
        Check(pod.HostNetwork != true && pod.HostPID != true && pod.HostIPC != true, "Host Namespaces");
        Check(containers.All(c => c.SecurityContext?.Privileged != true), "Privileged Containers");
        Check(containers.All(c => (c.SecurityContext?.Capabilities?.Add ?? []).All(BaselineCapabilities.Contains)), "Capabilities (baseline)");
        Check((pod.Volumes ?? []).All(v => v.HostPath is null), "HostPath Volumes");
        Check(containers.All(c => (c.Ports ?? []).All(p => p.HostPort is null or 0)), "Host Ports");
        Check(AppArmorOk(pod.SecurityContext?.AppArmorProfile) && containers.All(c => AppArmorOk(c.SecurityContext?.AppArmorProfile)), "AppArmor");
        Check(SeLinuxOk(pod.SecurityContext?.SeLinuxOptions) && containers.All(c => SeLinuxOk(c.SecurityContext?.SeLinuxOptions)), "SELinux");
        Check(containers.All(c => c.SecurityContext?.ProcMount is null or "Default"), "/proc Mount Type");
        Check(pod.SecurityContext?.SeccompProfile?.Type != "Unconfined" && containers.All(c => c.SecurityContext?.SeccompProfile?.Type != "Unconfined"), "Seccomp (baseline)");
        Check((pod.SecurityContext?.Sysctls ?? []).All(s => SafeSysctls.Contains(s.Name)), "Sysctls");
        return violations;
    }

    public static List<string> Restricted(V1PodSpec pod)
    {
        var violations = Baseline(pod);
        void Check(bool ok, string control)
        {
            if (!ok)
            {
                violations.Add(control);
            }
        }

        var containers = AllContainers(pod).ToList();
        Check((pod.Volumes ?? []).All(v => v.ConfigMap is not null || v.Csi is not null || v.DownwardAPI is not null || v.EmptyDir is not null
            || v.Ephemeral is not null || v.PersistentVolumeClaim is not null || v.Projected is not null || v.Secret is not null), "Volume Types");
        Check(containers.All(c => c.SecurityContext?.AllowPrivilegeEscalation == false), "Privilege Escalation");
        Check(containers.All(c => c.SecurityContext?.RunAsNonRoot == true || (c.SecurityContext?.RunAsNonRoot is null && pod.SecurityContext?.RunAsNonRoot == true)), "Running as Non-root");
        Check(pod.SecurityContext?.RunAsUser is null or not 0 && containers.All(c => c.SecurityContext?.RunAsUser is null or not 0), "Running as Non-root user");
        Check(containers.All(c => (c.SecurityContext?.SeccompProfile?.Type ?? pod.SecurityContext?.SeccompProfile?.Type) is "RuntimeDefault" or "Localhost"), "Seccomp (restricted)");
        Check(containers.All(c => (c.SecurityContext?.Capabilities?.Drop ?? []).Contains("ALL")
            && (c.SecurityContext?.Capabilities?.Add ?? []).All(a => a == "NET_BIND_SERVICE")), "Capabilities (restricted)");
        return violations;
    }

    private static IEnumerable<V1Container> AllContainers(V1PodSpec pod) => [.. pod.InitContainers ?? [], .. pod.Containers ?? []];

    private static bool AppArmorOk(V1AppArmorProfile? profile) => profile?.Type is null or "RuntimeDefault" or "Localhost";

    private static bool SeLinuxOk(V1SELinuxOptions? options) =>
        options is null || (options.User is null && options.Role is null && options.Type is null or "" or "container_t" or "container_init_t" or "container_kvm_t" or "container_engine_t");
}
