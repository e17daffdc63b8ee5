using k8s.Models;
using KubeContainers.Operator.Configuration;

namespace KubeContainers.Operator.ManagedContainers.Resources;

/// <summary>
/// Who the pod runs as and what it may do, from the sandbox profile and <c>spec.securityContext</c>. Every pod keeps
/// no privilege escalation, no privilege, RuntimeDefault seccomp and no added capability, whatever the spec says.
/// <para>
/// Restricted (a profile that keeps a non-root user): runAsNonRoot, and the spec's numeric user, else the operator's
/// default user, so that images whose user is a name or root still start (the kubelet verifies only numbers); the
/// group and fsGroup follow the user unless the spec names them, so the user can write its volumes.
/// </para>
/// <para>
/// A profile that allows the image's user (gVisor, Kata): the sandbox is the isolation boundary, so no runAsNonRoot
/// and no default user: the image's own user runs, root included, unless the spec names one. The pod claims baseline.
/// </para>
/// </summary>
public static class PodSecurity
{
    /// <summary>
    /// What a root image is denied in a sandbox that lets it run: the runtime's default capabilities it does not need
    /// to start (raw sockets, device nodes, file capabilities, capability bounding, chroot, audit). Dropping ALL would
    /// also take CHOWN, SETUID and SETGID, without which postgres, redis and nginx cannot drop from root to their own
    /// user as their entrypoints do.
    /// </summary>
    public static readonly IReadOnlyList<string> RootImageDrops = ["AUDIT_WRITE", "MKNOD", "NET_RAW", "SETFCAP", "SETPCAP", "SYS_CHROOT"];

    /// <summary>The Pod Security level the pod is built to pass and claims.</summary>
    public static string Level(BuildInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return SandboxSelection.Profile(input).PodSecurityLevel(input.Settings.PodSecurity);
    }

    public static V1PodSecurityContext Pod(BuildInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var asked = input.Container.Spec.SecurityContext;
        var restricted = Level(input) == PodSecurityLevels.Restricted;
        var user = asked?.RunAsUser ?? (restricted ? input.Settings.DefaultRunAsUser : null);
        var group = asked?.RunAsGroup ?? (restricted ? user : null);
        return new V1PodSecurityContext
        {
            RunAsNonRoot = restricted ? true : null,
            RunAsUser = user,
            RunAsGroup = group,
            FsGroup = asked?.FsGroup ?? (restricted ? group : null),
            SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
        };
    }

    /// <summary>All capabilities dropped unless the image's user, which may be root, runs; then only those a root
    /// image does not need (<see cref="RootImageDrops"/>). Nothing is ever added.</summary>
    public static V1SecurityContext Container(BuildInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var restricted = Level(input) == PodSecurityLevels.Restricted;
        var maybeRoot = SandboxSelection.Profile(input).AllowImageUser && input.Container.Spec.SecurityContext?.RunAsUser is null or 0;
        return new V1SecurityContext
        {
            AllowPrivilegeEscalation = false,
            Privileged = false,
            Capabilities = new V1Capabilities { Drop = maybeRoot ? [.. RootImageDrops] : ["ALL"] },
            RunAsNonRoot = restricted ? true : null,
            SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
        };
    }
}
