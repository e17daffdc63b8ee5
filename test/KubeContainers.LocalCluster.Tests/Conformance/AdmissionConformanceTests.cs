using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.LocalCluster.Tests.Conformance;

/// <summary>
/// Admission as the real kubectl shows it: Pod Security refusals and warnings, quota refusals, PersistentVolumeClaim
/// update refusals and a claim held by pvc-protection, each with the apiserver's words.
/// </summary>
[ClusterTest]
public sealed class AdmissionConformanceTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private Kubectl Kubectl => fixture.Kubectl;

    private static string Pod(string ns, string name, string spec = "") => $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {name}
          namespace: {ns}
        spec:
        {spec}  containers:
          - name: app
            image: nginx
        """;

    private static string StorageClass(string name, string bindingMode, bool expandable) => $"""
        apiVersion: storage.k8s.io/v1
        kind: StorageClass
        metadata:
          name: {name}
        provisioner: rancher.io/local-path
        volumeBindingMode: {bindingMode}
        allowVolumeExpansion: {(expandable ? "true" : "false")}
        """;

    private static string Claim(string ns, string name, string storageClass, string size) => $"""
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          storageClassName: {storageClass}
          accessModes: [ReadWriteOnce]
          resources:
            requests:
              storage: {size}
        """;

    private async Task WaitForAsync(string args, string expected, string what) =>
        await Eventually.True(async () => (await Kubectl.RunAsync(args)).Stdout.Trim() == expected, what);

    [Fact]
    public async Task Pod_security_enforce_refuses_a_pod_with_the_apiservers_message()
    {
        var ns = await fixture.NamespaceAsync("psa");
        (await Kubectl.RunAsync($"label namespace {ns} pod-security.kubernetes.io/enforce=restricted")).ShouldSucceed();

        var refused = (await Kubectl.RunAsync("apply -f -", Pod(ns, "x"))).ShouldFail();

        refused.Stderr.Trim().ShouldBe(
            "Error from server (Forbidden): error when creating \"STDIN\": pods \"x\" is forbidden: violates PodSecurity \"restricted:latest\": " +
            "allowPrivilegeEscalation != false (container \"app\" must set securityContext.allowPrivilegeEscalation=false), " +
            "unrestricted capabilities (container \"app\" must set securityContext.capabilities.drop=[\"ALL\"]), " +
            "runAsNonRoot != true (pod or container \"app\" must set securityContext.runAsNonRoot=true), " +
            "seccompProfile (pod or container \"app\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")");
        (await Kubectl.RunAsync($"get pod x -n {ns}")).ShouldFail();
    }

    [Fact]
    public async Task Pod_security_warn_admits_with_a_warning_kubectl_prints()
    {
        var ns = await fixture.NamespaceAsync("psa-warn");
        (await Kubectl.RunAsync($"label namespace {ns} pod-security.kubernetes.io/warn=baseline")).ShouldSucceed();

        var admitted = (await Kubectl.RunAsync("apply -f -", Pod(ns, "host", "  hostNetwork: true\n"))).ShouldSucceed();

        admitted.Stdout.ShouldContain("pod/host created");
        admitted.Stderr.Trim().ShouldBe("Warning: would violate PodSecurity \"baseline:latest\": host namespaces (hostNetwork)");

        // Tightening enforce over that pod names it, as the apiserver's dry run of existing pods does.
        var tightened = (await Kubectl.RunAsync($"label namespace {ns} pod-security.kubernetes.io/enforce=baseline")).ShouldSucceed();
        tightened.Stderr.ShouldContain($"Warning: existing pods in namespace \"{ns}\" violate the new PodSecurity enforce level \"baseline:latest\"");
        tightened.Stderr.ShouldContain("Warning: host: host namespaces");
    }

    [Fact]
    public async Task A_deployment_is_only_warned_and_its_refused_pods_show_as_the_replicasets_failed_create()
    {
        var ns = await fixture.NamespaceAsync("psa-deploy");
        (await Kubectl.RunAsync($"label namespace {ns} pod-security.kubernetes.io/enforce=restricted pod-security.kubernetes.io/warn=restricted")).ShouldSucceed();

        var created = (await Kubectl.RunAsync($"create deployment web -n {ns} --image=nginx")).ShouldSucceed();

        created.Stderr.ShouldStartWith("Warning: would violate PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false (container \"nginx\" must set");
        var events = await Eventually.Returns(
            async () => (await Kubectl.RunAsync($"get events -n {ns} --field-selector reason=FailedCreate -o jsonpath={{.items[*].message}}")).Stdout,
            m => m.Length > 0, "the replicaset's FailedCreate");
        events.ShouldMatch("^Error creating: pods \"web-[a-z0-9]+-[a-z0-9]{5}\" is forbidden: violates PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false");
        (await Kubectl.RunAsync($"get pods -n {ns} -o name")).Stdout.Trim().ShouldBeEmpty();
    }

    [Fact]
    public async Task Quota_refuses_a_second_pod_and_service_with_the_exceeded_quota_message()
    {
        var ns = await fixture.NamespaceAsync("quota");
        (await Kubectl.RunAsync($"create quota small -n {ns} --hard=pods=1,services=1")).ShouldSucceed();
        await WaitForAsync($"get quota small -n {ns} -o jsonpath={{.status.used.pods}}", "0", "the quota controller to count");

        (await Kubectl.RunAsync($"run first -n {ns} --image=nginx")).ShouldSucceed();
        var pod = (await Kubectl.RunAsync($"run second -n {ns} --image=nginx")).ShouldFail();
        (await Kubectl.RunAsync($"create service clusterip one -n {ns} --tcp=80")).ShouldSucceed();
        var service = (await Kubectl.RunAsync($"create service clusterip two -n {ns} --tcp=80")).ShouldFail();

        pod.Stderr.Trim().ShouldBe("Error from server (Forbidden): pods \"second\" is forbidden: exceeded quota: small, requested: pods=1, used: pods=1, limited: pods=1");
        service.Stderr.Trim().ShouldBe("error: failed to create ClusterIP service: services \"two\" is forbidden: exceeded quota: small, requested: services=1, used: services=1, limited: services=1");
        await WaitForAsync($"get quota small -n {ns} -o jsonpath={{.status.used}}", "{\"pods\":\"1\",\"services\":\"1\"}", "the quota's usage");
        var table = (await Kubectl.RunAsync($"get quota -n {ns}")).ShouldSucceed().Stdout;
        table.ShouldMatch("^NAME +AGE +REQUEST +LIMIT\n");
        table.ShouldContain("pods: 1/1, services: 1/1");
    }

    [Fact]
    public async Task Claim_updates_are_refused_as_the_apiserver_refuses_them()
    {
        var ns = await fixture.NamespaceAsync("pvc");
        var (fixedClass, laterClass) = ($"fixed-{ns}", $"later-{ns}");
        (await Kubectl.RunAsync("apply -f -", StorageClass(fixedClass, "Immediate", expandable: false))).ShouldSucceed();
        (await Kubectl.RunAsync("apply -f -", StorageClass(laterClass, "WaitForFirstConsumer", expandable: true))).ShouldSucceed();
        (await Kubectl.RunAsync("apply -f -", Claim(ns, "bound", fixedClass, "2Gi"))).ShouldSucceed();
        (await Kubectl.RunAsync("apply -f -", Claim(ns, "waiting", laterClass, "1Gi"))).ShouldSucceed();
        await WaitForAsync($"get pvc bound -n {ns} -o jsonpath={{.status.phase}}", "Bound", "the claim bound");
        await WaitForAsync($"get pvc waiting -n {ns} -o jsonpath={{.status.phase}}", "Pending", "the claim waiting for a consumer");
        static string Size(string size) => $"'{{\"spec\":{{\"resources\":{{\"requests\":{{\"storage\":\"{size}\"}}}}}}}}'";

        var shrink = (await Kubectl.RunAsync($"patch pvc bound -n {ns} -p {Size("1Gi")}")).ShouldFail();
        var grow = (await Kubectl.RunAsync($"patch pvc bound -n {ns} -p {Size("3Gi")}")).ShouldFail();
        var growUnbound = (await Kubectl.RunAsync($"patch pvc waiting -n {ns} -p {Size("2Gi")}")).ShouldFail();

        shrink.Stderr.Trim().ShouldBe("The PersistentVolumeClaim \"bound\" is invalid: spec.resources.requests.storage: Forbidden: field can not be less than previous value");
        grow.Stderr.Trim().ShouldBe("Error from server (Forbidden): persistentvolumeclaims \"bound\" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize");
        growUnbound.Stderr.Trim().ShouldBe("The PersistentVolumeClaim \"waiting\" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims");
        (await Kubectl.RunAsync($"get pvc bound -n {ns} -o jsonpath={{.spec.resources.requests.storage}}")).Stdout.ShouldBe("2Gi");
    }

    [Fact]
    public async Task A_deleted_claim_in_use_stays_terminating_until_its_pod_goes()
    {
        var ns = await fixture.NamespaceAsync("protect");
        var storageClass = $"now-{ns}";
        (await Kubectl.RunAsync("apply -f -", StorageClass(storageClass, "Immediate", expandable: false))).ShouldSucceed();
        (await Kubectl.RunAsync("apply -f -", Claim(ns, "data", storageClass, "1Gi"))).ShouldSucceed();
        (await Kubectl.RunAsync("apply -f -", Pod(ns, "user", "  volumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: data\n"))).ShouldSucceed();
        await WaitForAsync($"get pod user -n {ns} -o jsonpath={{.status.phase}}", "Running", "the pod running");
        (await Kubectl.RunAsync($"get pvc data -n {ns} -o jsonpath={{.metadata.finalizers}}")).Stdout.ShouldBe("[\"kubernetes.io/pvc-protection\"]");

        (await Kubectl.RunAsync($"delete pvc data -n {ns} --wait=false")).ShouldSucceed();

        var table = (await Kubectl.RunAsync($"get pvc data -n {ns} --no-headers")).ShouldSucceed().Stdout;
        table.ShouldContain("Terminating");
        (await Kubectl.RunAsync($"get pvc data -n {ns} -o jsonpath={{.status.phase}}")).Stdout.ShouldBe("Bound");
        (await Kubectl.RunAsync($"delete pod user -n {ns} --wait=true --timeout=30s")).ShouldSucceed();
        (await Kubectl.RunAsync($"wait --for=delete pvc/data -n {ns} --timeout=30s")).ShouldSucceed();
    }
}
