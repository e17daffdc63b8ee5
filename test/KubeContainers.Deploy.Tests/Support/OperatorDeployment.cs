using System.Text.Json.Nodes;

namespace KubeContainers.Deploy.Tests.Support;

/// <summary>The operator's Deployment as the chart renders it or config/manager declares it, and the checks both
/// must pass.</summary>
internal static class OperatorDeployment
{
    public static JsonObject PodSpec(JsonObject deployment) => deployment["spec"]!["template"]!["spec"]!.AsObject();

    public static JsonObject Container(JsonObject deployment) =>
        PodSpec(deployment)["containers"]!.AsArray().ShouldHaveSingleItem()!.AsObject();

    public static List<string> Args(JsonObject deployment) =>
        [.. Container(deployment)["args"]!.AsArray().Select(a => a!.GetValue<string>())];

    /// <summary>The value of <c>--name=value</c>; null when the flag is not passed.</summary>
    public static string? Flag(JsonObject deployment, string name) =>
        Args(deployment).LastOrDefault(a => a.StartsWith($"--{name}=", StringComparison.Ordinal))?[(name.Length + 3)..];

    /// <summary>Non-root, read-only root filesystem, no capabilities, RuntimeDefault seccomp, no privilege escalation,
    /// probes on the health port, resources, and the pod's namespace from the downward API.</summary>
    public static void ShouldBeHardened(JsonObject deployment)
    {
        var pod = PodSpec(deployment);
        var container = Container(deployment);
        var podSecurity = pod["securityContext"]!;
        var security = container["securityContext"]!;

        podSecurity["runAsNonRoot"]!.GetValue<bool>().ShouldBeTrue();
        podSecurity["runAsUser"]!.GetValue<long>().ShouldBeGreaterThan(0);
        podSecurity["seccompProfile"]!["type"]!.GetValue<string>().ShouldBe("RuntimeDefault");
        security["readOnlyRootFilesystem"]!.GetValue<bool>().ShouldBeTrue();
        security["allowPrivilegeEscalation"]!.GetValue<bool>().ShouldBeFalse();
        security["privileged"]?.GetValue<bool>().ShouldBeFalse();
        security["capabilities"]!["drop"]!.AsArray().Select(c => c!.GetValue<string>()).ShouldBe(["ALL"]);
        security["capabilities"]!["add"].ShouldBeNull();
        security["seccompProfile"]!["type"]!.GetValue<string>().ShouldBe("RuntimeDefault");
        pod["hostNetwork"].ShouldBeNull();
        pod["hostPID"].ShouldBeNull();
        pod["hostIPC"].ShouldBeNull();

        var healthPort = PortNumber(container, "health");
        healthPort.ToString(System.Globalization.CultureInfo.InvariantCulture).ShouldBe(Flag(deployment, "health-port"));
        PortNumber(container, "metrics").ToString(System.Globalization.CultureInfo.InvariantCulture).ShouldBe(Flag(deployment, "metrics-port"));
        container["livenessProbe"]!["httpGet"]!["path"]!.GetValue<string>().ShouldBe("/healthz");
        container["livenessProbe"]!["httpGet"]!["port"]!.GetValue<string>().ShouldBe("health");
        container["readinessProbe"]!["httpGet"]!["path"]!.GetValue<string>().ShouldBe("/readyz");
        container["readinessProbe"]!["httpGet"]!["port"]!.GetValue<string>().ShouldBe("health");

        container["resources"]!["requests"]!["cpu"].ShouldNotBeNull();
        container["resources"]!["requests"]!["memory"].ShouldNotBeNull();
        container["resources"]!["limits"]!["memory"].ShouldNotBeNull();

        var podNamespace = container["env"]!.AsArray().Single(e => e!["name"]!.GetValue<string>() == "POD_NAMESPACE")!;
        podNamespace["valueFrom"]!["fieldRef"]!["fieldPath"]!.GetValue<string>().ShouldBe("metadata.namespace");

        // A read-only root filesystem needs a writable /tmp for .NET.
        container["volumeMounts"]!.AsArray().ShouldContain(m => m!["mountPath"]!.GetValue<string>() == "/tmp");
    }

    private static int PortNumber(JsonObject container, string name) =>
        container["ports"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == name)!["containerPort"]!.GetValue<int>();
}
