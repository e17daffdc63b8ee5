using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.Configuration;

namespace KubeContainers.Operator.ManagedContainers.Resources;

/// <summary>The one container of every pod (<see cref="Names.AppContainer"/>).</summary>
public static class AppContainerResource
{
    public const string GpuResource = "nvidia.com/gpu";

    public static V1Container Make(BuildInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var spec = input.Container.Spec;
        var probe = Probe(spec);
        return new V1Container
        {
            Name = Names.AppContainer,
            Image = input.ServingImage ?? spec.Image,
            Command = spec.Command?.ToList(),
            Args = spec.Args?.ToList(),
            WorkingDir = spec.WorkingDir,
            EnvFrom = FilesResource.EnvFrom(spec),
            Env = Env(spec),
            Ports = ContainerPorts(spec),
            Resources = Resources(spec, input.Settings),
            SecurityContext = PodSecurity.Container(input),
            // Readiness keeps an unready replica out of the Service (and, with maxUnavailable 0, keeps the old
            // version serving); liveness restarts one that stopped answering. Same check for both.
            ReadinessProbe = probe,
            LivenessProbe = probe is null ? null : Probe(spec),
            StartupProbe = StartupProbe(spec),
            VolumeMounts = (spec.Volumes ?? []).Select(v => new V1VolumeMount { Name = v.Name, MountPath = v.MountPath })
                .Concat(FilesResource.Mounts(spec)).ToList() is { Count: > 0 } mounts ? mounts : null,
        };
    }

    /// <summary>One named port per entry of the ports in force, so the Service can target each by name.</summary>
    private static List<V1ContainerPort>? ContainerPorts(ManagedContainerSpec spec)
    {
        var ports = ManagedContainerPorts.All(spec)
            .Select(p => new V1ContainerPort { ContainerPort = p.Port, Name = p.Name, Protocol = p.Protocol })
            .ToList();
        return ports.Count == 0 ? null : ports;
    }

    /// <summary>Plain variables by key (ordinal), then the secret ones in the order given.</summary>
    private static List<V1EnvVar>? Env(ManagedContainerSpec spec)
    {
        var plain = (spec.Env ?? new Dictionary<string, string>())
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => new V1EnvVar { Name = e.Key, Value = e.Value });
        var secret = (spec.SecretEnv ?? []).Select(s => new V1EnvVar
        {
            Name = s.Name,
            ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = s.SecretName, Key = s.Key } },
        });
        var env = plain.Concat(secret).ToList();
        return env.Count == 0 ? null : env;
    }

    /// <summary>Requests equal limits: the pod gets what it asked for and never more, so one container cannot
    /// starve its neighbours (and cpu + memory alone make it Guaranteed QoS).</summary>
    private static V1ResourceRequirements Resources(ManagedContainerSpec spec, OperatorSettings settings)
    {
        var asked = spec.Resources;
        var quantities = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal)
        {
            ["cpu"] = new(asked?.Cpu ?? settings.DefaultCpu),
            ["memory"] = new(asked?.Memory ?? settings.DefaultMemory),
        };
        if (asked?.EphemeralStorage is { } storage)
        {
            quantities["ephemeral-storage"] = new(storage);
        }

        if (asked?.Gpu is > 0 and var gpu)
        {
            quantities[GpuResource] = new(gpu.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity>(quantities, StringComparer.Ordinal),
            Limits = quantities,
        };
    }

    /// <summary>The probe of the check in force (a TCP check of the HTTP port, else the first TCP port, by default),
    /// or null: type none, or an http/tcp/grpc check without a port (a worker), has nothing to probe.</summary>
    private static V1Probe? Probe(ManagedContainerSpec spec)
    {
        if (ManagedContainerDefaults.EffectiveHealthCheck(spec) is not { } check)
        {
            return null;
        }

        var port = check.Port ?? ManagedContainerPorts.Probed(spec)?.Port;
        var probe = new V1Probe
        {
            PeriodSeconds = check.PeriodSeconds ?? ManagedContainerDefaults.HealthCheckPeriodSeconds,
            TimeoutSeconds = check.TimeoutSeconds ?? ManagedContainerDefaults.HealthCheckTimeoutSeconds,
            FailureThreshold = check.FailureThreshold ?? ManagedContainerDefaults.HealthCheckFailureThreshold,
            InitialDelaySeconds = check.InitialDelaySeconds ?? ManagedContainerDefaults.HealthCheckInitialDelaySeconds,
        };
        switch (ManagedContainerDefaults.EffectiveHealthCheckType(check))
        {
            case HealthCheckTypes.Exec when check.Command is { Count: > 0 } command:
                probe.Exec = new V1ExecAction { Command = command.ToList() };
                return probe;
            case HealthCheckTypes.Http when port is { } p:
                probe.HttpGet = new V1HTTPGetAction { Path = check.Path ?? ManagedContainerDefaults.HealthCheckPath, Port = p };
                return probe;
            case HealthCheckTypes.Tcp when port is { } p:
                probe.TcpSocket = new V1TCPSocketAction { Port = p };
                return probe;
            case HealthCheckTypes.Grpc when port is { } p:
                probe.Grpc = new V1GRPCAction { Port = p, Service = check.Service };
                return probe;
            default:
                return null;
        }
    }

    /// <summary>
    /// A startup probe for a slow starter: the same check, tried every periodSeconds for startupSeconds
    /// (failureThreshold = ⌈startupSeconds / periodSeconds⌉); the kubelet holds liveness and readiness until it passes,
    /// so a long start is neither restarted nor counted unhealthy. None without startupSeconds or without a probe.
    /// </summary>
    private static V1Probe? StartupProbe(ManagedContainerSpec spec)
    {
        if (spec.HealthCheck?.StartupSeconds is not { } seconds || Probe(spec) is not { } probe)
        {
            return null;
        }

        var period = probe.PeriodSeconds ?? ManagedContainerDefaults.HealthCheckPeriodSeconds;
        probe.FailureThreshold = (seconds + period - 1) / period;
        return probe;
    }
}
