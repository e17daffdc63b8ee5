using k8s;
using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.Configuration;
using KubeContainers.Operator.ManagedContainers;
using KubeContainers.Operator.ManagedContainers.Resources;

namespace KubeContainers.Operator.Tests.ManagedContainers.Resources;

public sealed class PodTemplateResourceTests
{
    /// <summary>Outside a sandbox (profile none keeps a non-root user): the restricted pod.</summary>
    private static readonly ManagedContainerSpec Web = WebIn("none");

    private static ManagedContainerSpec WebIn(string? sandbox, SecurityContextSpec? securityContext = null) =>
        new() { Image = "nginx", Port = 8080, Sandbox = sandbox, SecurityContext = securityContext };

    [Theory]
    [MemberData(nameof(Cases.Names), MemberType = typeof(Cases))]
    public void No_pod_template_ever_gets_privileges_host_namespaces_or_a_token(string name)
    {
        var input = Cases.All[name];
        var template = DeploymentResource.Make(input)?.Spec.Template ?? JobResource.Make(input)!.Spec.Template;
        var pod = template.Spec;

        pod.HostNetwork.ShouldBeNull();
        pod.HostPID.ShouldBeNull();
        pod.HostIPC.ShouldBeNull();
        pod.AutomountServiceAccountToken.ShouldBe(false);
        pod.EnableServiceLinks.ShouldBe(false);
        pod.SecurityContext.SeccompProfile.Type.ShouldBe("RuntimeDefault");
        pod.InitContainers.ShouldBeNull();
        // Only the kinds the operator makes: claims of spec.volumes, configMap and secret volumes of spec.files.
        (pod.Volumes ?? []).ShouldAllBe(v => v.HostPath == null &&
            (v.PersistentVolumeClaim != null ? 1 : 0) + (v.ConfigMap != null ? 1 : 0) + (v.Secret != null ? 1 : 0) == 1);
        var container = pod.Containers.ShouldHaveSingleItem();
        container.Name.ShouldBe(Names.AppContainer);
        container.SecurityContext.Privileged.ShouldBe(false);
        container.SecurityContext.AllowPrivilegeEscalation.ShouldBe(false);
        container.SecurityContext.Capabilities.Add.ShouldBeNull();
        // Every capability dropped, except where the image's user (maybe root) runs: then those it does not need.
        var nonRoot = pod.SecurityContext.RunAsNonRoot == true || pod.SecurityContext.RunAsUser is > 0;
        container.SecurityContext.Capabilities.Drop.ShouldBe(nonRoot ? ["ALL"] : PodSecurity.RootImageDrops);
        container.SecurityContext.SeccompProfile.Type.ShouldBe("RuntimeDefault");
        container.Resources.Limits.ShouldBe(container.Resources.Requests);
    }

    [Fact]
    public void Restricted_runs_as_non_root_and_baseline_only_drops_that()
    {
        var restricted = PodTemplateResource.Make(Cases.Input(Web), PodTemplateResource.RestartAlways).Spec;
        restricted.SecurityContext.RunAsNonRoot.ShouldBe(true);
        restricted.Containers[0].SecurityContext.RunAsNonRoot.ShouldBe(true);

        var baseline = PodTemplateResource.Make(
            Cases.Input(Web, Cases.Settings with { PodSecurity = PodSecurityLevels.Baseline }),
            PodTemplateResource.RestartAlways).Spec;
        baseline.SecurityContext.RunAsNonRoot.ShouldBeNull();
        baseline.Containers[0].SecurityContext.RunAsNonRoot.ShouldBeNull();
        baseline.Containers[0].SecurityContext.Capabilities.Drop.ShouldBe(["ALL"]);
        baseline.Containers[0].SecurityContext.AllowPrivilegeEscalation.ShouldBe(false);
        baseline.SecurityContext.RunAsUser.ShouldBeNull();
    }

    [Fact]
    public void Restricted_pods_run_as_the_numeric_default_user_so_the_kubelet_can_verify_non_root()
    {
        var pod = PodTemplateResource.Make(Cases.Input(Web), PodTemplateResource.RestartAlways).Spec.SecurityContext;
        pod.RunAsUser.ShouldBe(65532);
        pod.RunAsGroup.ShouldBe(65532);
        pod.FsGroup.ShouldBe(65532);

        var custom = PodTemplateResource.Make(Cases.Input(Web, Cases.Settings with { DefaultRunAsUser = 1000 }), PodTemplateResource.RestartAlways).Spec.SecurityContext;
        custom.RunAsUser.ShouldBe(1000);
        custom.RunAsGroup.ShouldBe(1000);
        custom.FsGroup.ShouldBe(1000);
    }

    [Fact]
    public void Outside_a_sandbox_the_spec_user_wins_over_the_default_and_its_group_owns_the_volumes()
    {
        var user = Pod(Web, new SecurityContextSpec { RunAsUser = 1000 });
        user.RunAsNonRoot.ShouldBe(true);
        (user.RunAsUser, user.RunAsGroup, user.FsGroup).ShouldBe((1000L, 1000L, 1000L));

        var all = Pod(Web, new SecurityContextSpec { RunAsUser = 1000, RunAsGroup = 3000, FsGroup = 2000 });
        (all.RunAsUser, all.RunAsGroup, all.FsGroup).ShouldBe((1000L, 3000L, 2000L));

        var onlyGroup = Pod(Web, new SecurityContextSpec { FsGroup = 2000 });
        (onlyGroup.RunAsUser, onlyGroup.RunAsGroup, onlyGroup.FsGroup).ShouldBe((65532L, 65532L, 2000L));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("gvisor")]
    [InlineData("kata")]
    [InlineData("kata-fc")]
    public void Inside_a_sandbox_that_allows_it_the_image_user_runs_with_the_rest_of_the_hardening(string? sandbox)
    {
        var input = Cases.Input(WebIn(sandbox));
        var pod = PodTemplateResource.Make(input, PodTemplateResource.RestartAlways).Spec;

        PodSecurity.Level(input).ShouldBe(PodSecurityLevels.Baseline);
        pod.SecurityContext.RunAsNonRoot.ShouldBeNull();
        pod.SecurityContext.RunAsUser.ShouldBeNull("the image's own user runs, root included");
        pod.SecurityContext.RunAsGroup.ShouldBeNull();
        pod.SecurityContext.FsGroup.ShouldBeNull();
        var container = pod.Containers[0].SecurityContext;
        container.RunAsNonRoot.ShouldBeNull();
        container.AllowPrivilegeEscalation.ShouldBe(false);
        container.Privileged.ShouldBe(false);
        container.Capabilities.Add.ShouldBeNull();
        container.Capabilities.Drop.ShouldBe(["AUDIT_WRITE", "MKNOD", "NET_RAW", "SETFCAP", "SETPCAP", "SYS_CHROOT"]);
        container.SeccompProfile.Type.ShouldBe("RuntimeDefault");
        pod.AutomountServiceAccountToken.ShouldBe(false);
    }

    [Fact]
    public void Inside_a_sandbox_a_named_non_root_user_runs_with_every_capability_dropped()
    {
        var pod = PodTemplateResource.Make(Cases.Input(WebIn("gvisor", new SecurityContextSpec { RunAsUser = 999, FsGroup = 999 })), PodTemplateResource.RestartAlways).Spec;

        pod.SecurityContext.RunAsNonRoot.ShouldBeNull();
        (pod.SecurityContext.RunAsUser, pod.SecurityContext.RunAsGroup, pod.SecurityContext.FsGroup).ShouldBe((999L, (long?)null, 999L));
        pod.Containers[0].SecurityContext.Capabilities.Drop.ShouldBe(["ALL"]);

        var root = PodTemplateResource.Make(Cases.Input(WebIn("gvisor", new SecurityContextSpec { RunAsUser = 0 })), PodTemplateResource.RestartAlways).Spec;
        root.SecurityContext.RunAsUser.ShouldBe(0);
        root.Containers[0].SecurityContext.Capabilities.Drop.ShouldBe(PodSecurity.RootImageDrops);
    }

    [Fact]
    public void A_sandbox_profile_that_does_not_allow_the_image_user_keeps_the_restricted_default_user()
    {
        var settings = Cases.Settings with { Sandboxes = new Dictionary<string, SandboxProfile> { ["gvisor"] = new() { Name = "gvisor", Handler = "runsc" } } };
        var input = Cases.Input(WebIn("gvisor"), settings);
        var pod = PodTemplateResource.Make(input, PodTemplateResource.RestartAlways).Spec;

        PodSecurity.Level(input).ShouldBe(PodSecurityLevels.Restricted);
        pod.SecurityContext.RunAsNonRoot.ShouldBe(true);
        pod.SecurityContext.RunAsUser.ShouldBe(65532);
        pod.Containers[0].SecurityContext.Capabilities.Drop.ShouldBe(["ALL"]);
    }

    private static V1PodSecurityContext Pod(ManagedContainerSpec spec, SecurityContextSpec securityContext) =>
        PodTemplateResource.Make(Cases.Input(WebIn(spec.Sandbox, securityContext)), PodTemplateResource.RestartAlways).Spec.SecurityContext;

    [Theory]
    [InlineData(null, "kubecontainers-gvisor")]
    [InlineData("gvisor", "kubecontainers-gvisor")]
    [InlineData("kata-fc", "kubecontainers-kata-fc")]
    [InlineData("none", null)]
    public void The_runtime_class_is_the_sandbox_profiles(string? sandbox, string? runtimeClass)
    {
        var input = Cases.Input(new ManagedContainerSpec { Image = "nginx", Sandbox = sandbox });
        PodTemplateResource.Make(input, PodTemplateResource.RestartAlways).Spec.RuntimeClassName.ShouldBe(runtimeClass);
    }

    [Fact]
    public void An_unknown_sandbox_is_refused_rather_than_run_unsandboxed()
    {
        var input = Cases.Input(new ManagedContainerSpec { Image = "nginx", Sandbox = "firecracker" });
        Should.Throw<InvalidOperationException>(() => PodTemplateResource.Make(input, PodTemplateResource.RestartAlways))
            .Message.ShouldContain("firecracker");
    }

    [Fact]
    public void Env_is_sorted_by_key_then_secret_env_in_the_given_order_whatever_the_map_order()
    {
        var spec = new ManagedContainerSpec
        {
            Image = "nginx",
            Env = new Dictionary<string, string> { ["b"] = "2", ["A"] = "1", ["a"] = "3" },
            SecretEnv = [new() { Name = "Z", SecretName = "s", Key = "z" }, new() { Name = "M", SecretName = "s", Key = "m" }],
            Labels = new Dictionary<string, string> { ["y"] = "1", ["x"] = "2" },
        };
        var reordered = new ManagedContainerSpec
        {
            Image = "nginx",
            Env = new Dictionary<string, string> { ["a"] = "3", ["b"] = "2", ["A"] = "1" },
            SecretEnv = spec.SecretEnv,
            Labels = new Dictionary<string, string> { ["x"] = "2", ["y"] = "1" },
        };

        var template = PodTemplateResource.Make(Cases.Input(spec), PodTemplateResource.RestartAlways);
        template.Spec.Containers[0].Env.Select(e => e.Name).ShouldBe(["A", "a", "b", "Z", "M"]);
        template.Spec.Containers[0].Env[3].ValueFrom.SecretKeyRef.Name.ShouldBe("s");
        template.Spec.Containers[0].Env[3].ValueFrom.SecretKeyRef.Key.ShouldBe("z");
        KubernetesYaml.Serialize(template).ShouldBe(
            KubernetesYaml.Serialize(PodTemplateResource.Make(Cases.Input(reordered), PodTemplateResource.RestartAlways)));
    }

    [Fact]
    public void Restarted_at_becomes_a_utc_annotation_only_when_set()
    {
        var spec = new ManagedContainerSpec { Image = "nginx", RestartedAt = new DateTimeOffset(2025, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(-5)) };
        PodTemplateResource.Make(Cases.Input(spec), PodTemplateResource.RestartAlways).Metadata.Annotations
            .ShouldBe(new Dictionary<string, string> { [Labels.RestartedAtAnnotation] = "2025-01-02T08:04:05Z" });
        PodTemplateResource.Make(Cases.Input(Web), PodTemplateResource.RestartAlways).Metadata.Annotations.ShouldBeNull();
    }

    [Fact]
    public void The_serving_image_replaces_the_spec_image_after_a_rollback()
    {
        var input = Cases.Input(Web) with { ServingImage = "nginx:previous" };
        PodTemplateResource.Make(input, PodTemplateResource.RestartAlways).Spec.Containers[0].Image.ShouldBe("nginx:previous");
        PodTemplateResource.Make(Cases.Input(Web), PodTemplateResource.RestartAlways).Spec.Containers[0].Image.ShouldBe("nginx");
    }

    [Fact]
    public void Resources_default_from_the_settings_and_a_gpu_only_when_asked_for()
    {
        var defaults = PodTemplateResource.Make(Cases.Input(Web), PodTemplateResource.RestartAlways).Spec.Containers[0].Resources;
        defaults.Limits.Keys.ShouldBe(["cpu", "memory"]);
        defaults.Limits["cpu"].ShouldBe(new ResourceQuantity(Cases.Settings.DefaultCpu));
        defaults.Requests["memory"].ShouldBe(new ResourceQuantity(Cases.Settings.DefaultMemory));

        var noGpu = Cases.Input(new ManagedContainerSpec { Image = "nginx", Resources = new() { Gpu = 0, Cpu = "500m" } });
        var resources = PodTemplateResource.Make(noGpu, PodTemplateResource.RestartAlways).Spec.Containers[0].Resources;
        resources.Limits.ShouldNotContainKey(AppContainerResource.GpuResource);
        resources.Limits["cpu"].ToString().ShouldBe("500m");

        var gpu = Cases.Input(new ManagedContainerSpec { Image = "nginx", Resources = new() { Gpu = 2, EphemeralStorage = "5Gi" } });
        resources = PodTemplateResource.Make(gpu, PodTemplateResource.RestartAlways).Spec.Containers[0].Resources;
        resources.Limits[AppContainerResource.GpuResource].ToString().ShouldBe("2");
        resources.Requests[AppContainerResource.GpuResource].ToString().ShouldBe("2");
        resources.Requests["ephemeral-storage"].ToString().ShouldBe("5Gi");
    }

    [Fact]
    public void Probes_use_the_health_check_port_and_are_absent_without_a_port()
    {
        var spec = new ManagedContainerSpec { Image = "nginx", Port = 8080, HealthCheck = new HealthCheckSpec { Port = 9090 } };
        var container = PodTemplateResource.Make(Cases.Input(spec), PodTemplateResource.RestartAlways).Spec.Containers[0];
        foreach (var probe in new[] { container.ReadinessProbe, container.LivenessProbe })
        {
            probe.TcpSocket.Port.Value.ShouldBe("9090");
            probe.HttpGet.ShouldBeNull();
            probe.PeriodSeconds.ShouldBe(ManagedContainerDefaults.HealthCheckPeriodSeconds);
            probe.TimeoutSeconds.ShouldBe(ManagedContainerDefaults.HealthCheckTimeoutSeconds);
            probe.FailureThreshold.ShouldBe(ManagedContainerDefaults.HealthCheckFailureThreshold);
        }

        container.ReadinessProbe.ShouldNotBeSameAs(container.LivenessProbe);

        var worker = PodTemplateResource.Make(Cases.Input(new ManagedContainerSpec { Image = "nginx" }), PodTemplateResource.RestartAlways);
        worker.Spec.Containers[0].ReadinessProbe.ShouldBeNull();
        worker.Spec.Containers[0].LivenessProbe.ShouldBeNull();
        worker.Spec.Containers[0].Ports.ShouldBeNull();
    }

    [Fact]
    public void Architecture_becomes_a_node_selector()
    {
        var input = Cases.Input(new ManagedContainerSpec { Image = "nginx", Architecture = Architectures.Arm64 });
        PodTemplateResource.Make(input, PodTemplateResource.RestartAlways).Spec.NodeSelector
            .ShouldBe(new Dictionary<string, string> { ["kubernetes.io/arch"] = "arm64" });
        PodTemplateResource.Make(Cases.Input(Web), PodTemplateResource.RestartAlways).Spec.NodeSelector.ShouldBeNull();
    }

    [Fact]
    public void Volumes_mount_their_claims()
    {
        var input = Cases.Input(new ManagedContainerSpec
        {
            Image = "nginx",
            Volumes = [new VolumeSpec { Name = "data", MountPath = "/data", Size = "1Gi" }],
        });
        var pod = PodTemplateResource.Make(input, PodTemplateResource.RestartAlways).Spec;
        pod.Volumes.ShouldHaveSingleItem().PersistentVolumeClaim.ClaimName.ShouldBe("app-data");
        pod.Volumes[0].Name.ShouldBe("data");
        var mount = pod.Containers[0].VolumeMounts.ShouldHaveSingleItem();
        mount.Name.ShouldBe("data");
        mount.MountPath.ShouldBe("/data");
    }

    [Fact]
    public void The_template_labels_include_the_selector()
    {
        var template = PodTemplateResource.Make(Cases.Input(Web), PodTemplateResource.RestartNever);
        template.Metadata.Labels.ShouldContainKeyAndValue(Labels.Container, "app");
        template.Spec.RestartPolicy.ShouldBe("Never");
    }
}
