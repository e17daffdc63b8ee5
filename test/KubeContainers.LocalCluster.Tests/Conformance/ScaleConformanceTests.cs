using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.LocalCluster.Tests.Conformance;

/// <summary>The scale subresource of Deployments and ReplicaSets, driven by kubectl scale and KubernetesClient.</summary>
[ClusterTest]
public sealed class ScaleConformanceTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private Kubectl Kubectl => fixture.Kubectl;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string Workload(string ns, string kind, string name, int replicas) => $"""
        apiVersion: apps/v1
        kind: {kind}
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          replicas: {replicas}
          selector:
            matchLabels:
              app: {name}
              tier: web
          template:
            metadata:
              labels:
                app: {name}
                tier: web
            spec:
              containers:
              - name: web
                image: nginx:1.27
        """;

    private static string Message(HttpOperationException error) =>
        JsonNode.Parse(error.Response.Content)!["message"]!.GetValue<string>();

    private async Task<JsonObject> GetJsonAsync(string arguments) =>
        JsonNode.Parse((await Kubectl.RunAsync(arguments)).ShouldSucceed().Stdout)!.AsObject();

    [Fact]
    public async Task Kubectl_scale_sets_the_replicas_and_the_controller_rolls_the_pods()
    {
        var ns = await fixture.NamespaceAsync("scale");
        (await Kubectl.RunAsync("apply -f -", Workload(ns, "Deployment", "web", 1))).ShouldSucceed();
        var before = await GetJsonAsync($"get deployment web -n {ns} -o json");

        (await Kubectl.RunAsync($"scale deployment web -n {ns} --replicas=3")).ShouldSucceed().Stdout.ShouldContain("deployment.apps/web scaled");

        var after = await GetJsonAsync($"get deployment web -n {ns} -o json --show-managed-fields");
        after["spec"]!["replicas"]!.GetValue<int>().ShouldBe(3);
        after["metadata"]!["generation"]!.GetValue<long>().ShouldBe(before["metadata"]!["generation"]!.GetValue<long>() + 1);
        var scaler = after["metadata"]!["managedFields"]!.AsArray().OfType<JsonObject>()
            .Where(e => e["subresource"]?.GetValue<string>() == "scale").ShouldHaveSingleItem();
        scaler["manager"]!.GetValue<string>().ShouldBe("kubectl");
        scaler["operation"]!.GetValue<string>().ShouldBe("Update");
        scaler["apiVersion"]!.GetValue<string>().ShouldBe("apps/v1");
        scaler["fieldsV1"]!.ToJsonString().ShouldBe("""{"f:spec":{"f:replicas":{}}}""");
        // The client-side applier no longer owns the replicas kubectl scale took from it.
        after["metadata"]!["managedFields"]!.AsArray().OfType<JsonObject>()
            .Where(e => e["manager"]?.GetValue<string>() == "kubectl-client-side-apply")
            .ShouldAllBe(e => e["fieldsV1"]!["f:spec"]!["f:replicas"] == null);

        await Eventually.True(async () =>
            (await Kubectl.RunAsync($"get deployment web -n {ns} -o jsonpath={{.status.readyReplicas}}")).Stdout == "3",
            "the deployment to have 3 ready replicas");
        var pods = (await Kubectl.RunAsync($"get pods -n {ns} -l app=web -o name")).ShouldSucceed().Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        pods.Length.ShouldBe(3);
    }

    [Fact]
    public async Task Kubectl_scale_with_current_replicas_is_a_precondition()
    {
        var ns = await fixture.NamespaceAsync("scale-pre");
        (await Kubectl.RunAsync("apply -f -", Workload(ns, "Deployment", "web", 2))).ShouldSucceed();
        var refused = (await Kubectl.RunAsync($"scale deployment web -n {ns} --current-replicas=5 --replicas=4")).ShouldFail();
        refused.Stderr.ShouldContain("Expected replicas to be 5, was 2");
        (await Kubectl.RunAsync($"scale deployment/web -n {ns} --current-replicas=2 --replicas=4")).ShouldSucceed();
        (await Kubectl.RunAsync($"get deployment web -n {ns} -o jsonpath={{.spec.replicas}}")).Stdout.ShouldBe("4");
    }

    [Fact]
    public async Task Kubectl_gets_and_patches_the_scale_subresource()
    {
        var ns = await fixture.NamespaceAsync("scale-get");
        (await Kubectl.RunAsync("apply -f -", Workload(ns, "Deployment", "web", 2))).ShouldSucceed();
        // The controller's status writes move the resourceVersion: read both until they are of one revision.
        var (deployment, scale) = await Eventually.Returns(async () =>
            (await GetJsonAsync($"get deployment web -n {ns} -o json"), await GetJsonAsync($"get --subresource=scale deployment web -n {ns} -o json")),
            pair => pair.Item1["metadata"]!["resourceVersion"]!.GetValue<string>() == pair.Item2["metadata"]!["resourceVersion"]!.GetValue<string>(),
            "the deployment and its scale at one revision");
        scale["kind"]!.GetValue<string>().ShouldBe("Scale");
        scale["apiVersion"]!.GetValue<string>().ShouldBe("autoscaling/v1");
        scale["metadata"]!["name"]!.GetValue<string>().ShouldBe("web");
        scale["metadata"]!["namespace"]!.GetValue<string>().ShouldBe(ns);
        scale["metadata"]!["uid"]!.GetValue<string>().ShouldBe(deployment["metadata"]!["uid"]!.GetValue<string>());
        scale["metadata"]!["resourceVersion"]!.GetValue<string>().ShouldBe(deployment["metadata"]!["resourceVersion"]!.GetValue<string>());
        scale["metadata"]!["creationTimestamp"]!.GetValue<string>().ShouldBe(deployment["metadata"]!["creationTimestamp"]!.GetValue<string>());
        scale["spec"]!["replicas"]!.GetValue<int>().ShouldBe(2);
        scale["status"]!["selector"]!.GetValue<string>().ShouldBe("app=web,tier=web");
        scale["status"]!["replicas"].ShouldNotBeNull();

        var table = (await Kubectl.RunAsync($"get --subresource=scale deployment web -n {ns}")).ShouldSucceed().Stdout;
        table.ShouldContain("DESIRED");
        table.ShouldContain("AVAILABLE");

        (await Kubectl.RunAsync($"patch deployment web -n {ns} --subresource=scale --type merge -p '{{\"spec\":{{\"replicas\":5}}}}'")).ShouldSucceed();
        (await Kubectl.RunAsync($"get deployment web -n {ns} -o jsonpath={{.spec.replicas}}")).Stdout.ShouldBe("5");
        (await Kubectl.RunAsync($"patch deployment web -n {ns} --subresource=scale --type json -p '[{{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":4}}]'")).ShouldSucceed();
        (await Kubectl.RunAsync($"get deployment web -n {ns} -o jsonpath={{.spec.replicas}}")).Stdout.ShouldBe("4");
        (await Kubectl.RunAsync($"patch deployment web -n {ns} --subresource=scale --type strategic -p '{{\"spec\":{{\"replicas\":1}}}}'")).ShouldSucceed();
        (await Kubectl.RunAsync($"get deployment web -n {ns} -o jsonpath={{.spec.replicas}}")).Stdout.ShouldBe("1");

        var negative = (await Kubectl.RunAsync($"scale deployment web -n {ns} --replicas=-1")).ShouldFail();
        negative.Stderr.ShouldNotBeEmpty();
        var invalid = (await Kubectl.RunAsync($"patch deployment web -n {ns} --subresource=scale --type merge -p '{{\"spec\":{{\"replicas\":-2}}}}'")).ShouldFail();
        invalid.Stderr.ShouldContain("must be greater than or equal to 0");
    }

    [Fact]
    public async Task Discovery_lists_the_scale_subresources()
    {
        var resources = JsonNode.Parse((await Kubectl.RunAsync("get --raw /apis/apps/v1")).ShouldSucceed().Stdout)!["resources"]!.AsArray().OfType<JsonObject>().ToList();
        foreach (var name in new[] { "deployments/scale", "replicasets/scale" })
        {
            var entry = resources.Where(r => r["name"]!.GetValue<string>() == name).ShouldHaveSingleItem();
            entry["group"]!.GetValue<string>().ShouldBe("autoscaling");
            entry["version"]!.GetValue<string>().ShouldBe("v1");
            entry["kind"]!.GetValue<string>().ShouldBe("Scale");
            entry["namespaced"]!.GetValue<bool>().ShouldBeTrue();
            entry["verbs"]!.AsArray().Select(v => v!.GetValue<string>()).ShouldBe(["get", "patch", "update"]);
        }

        var core = JsonNode.Parse((await Kubectl.RunAsync("get --raw /api/v1")).ShouldSucceed().Stdout)!["resources"]!.AsArray();
        core.ShouldNotContain(r => r!["name"]!.GetValue<string>().EndsWith("/scale", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Client_reads_patches_and_replaces_a_deployment_scale()
    {
        var client = fixture.Client();
        var ns = await fixture.NamespaceAsync("scale-client");
        (await Kubectl.RunAsync("apply -f -", Workload(ns, "Deployment", "api", 2))).ShouldSucceed();
        // The controller's status writes move the resourceVersion: read both until they are of one revision.
        var (deployment, scale) = await Eventually.Returns(async () =>
            (await client.AppsV1.ReadNamespacedDeploymentAsync("api", ns, cancellationToken: Cancel),
             await client.AppsV1.ReadNamespacedDeploymentScaleAsync("api", ns, cancellationToken: Cancel)),
            pair => pair.Item1.Metadata.ResourceVersion == pair.Item2.Metadata.ResourceVersion, "the deployment and its scale at one revision");
        scale.Kind.ShouldBe("Scale");
        scale.ApiVersion.ShouldBe("autoscaling/v1");
        scale.Spec.Replicas.ShouldBe(2);
        scale.Status.Selector.ShouldBe("app=api,tier=web");
        scale.Metadata.Uid.ShouldBe(deployment.Metadata.Uid);
        scale.Metadata.ResourceVersion.ShouldBe(deployment.Metadata.ResourceVersion);

        var patched = await client.AppsV1.PatchNamespacedDeploymentScaleAsync(
            new V1Patch("{\"spec\":{\"replicas\":4}}", V1Patch.PatchType.MergePatch), "api", ns, fieldManager: "autoscaler", cancellationToken: Cancel);
        patched.Spec.Replicas.ShouldBe(4);
        patched.Metadata.ResourceVersion.ShouldNotBe(scale.Metadata.ResourceVersion);
        var afterPatch = await client.AppsV1.ReadNamespacedDeploymentAsync("api", ns, cancellationToken: Cancel);
        afterPatch.Spec.Replicas.ShouldBe(4);
        afterPatch.Metadata.Generation.ShouldBe(deployment.Metadata.Generation + 1);
        afterPatch.Spec.Template.Spec.Containers.ShouldHaveSingleItem().Image.ShouldBe("nginx:1.27");
        afterPatch.Metadata.ManagedFields.ShouldContain(e => e.Manager == "autoscaler" && e.Subresource == "scale" && e.Operation == "Update" && e.ApiVersion == "apps/v1");

        // A replace carrying the resourceVersion it read is guarded by it (read, change, replace, as clients do: the
        // controller's status writes may move the resourceVersion in between); a stale one is a 409.
        var replaced = await Eventually.Returns(async () =>
        {
            var current = await client.AppsV1.ReadNamespacedDeploymentScaleAsync("api", ns, cancellationToken: Cancel);
            current.Spec.Replicas = 6;
            return await client.AppsV1.ReplaceNamespacedDeploymentScaleAsync(current, "api", ns, cancellationToken: Cancel);
        }, r => r.Spec.Replicas == 6, "a guarded replace of the scale");
        replaced.Metadata.ResourceVersion.ShouldNotBe(patched.Metadata.ResourceVersion);
        scale.Spec.Replicas = 1;
        var stale = await Should.ThrowAsync<HttpOperationException>(() => client.AppsV1.ReplaceNamespacedDeploymentScaleAsync(scale, "api", ns, cancellationToken: Cancel));
        stale.Response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Message(stale).ShouldBe("Operation cannot be fulfilled on deployments.apps \"api\": the object has been modified; please apply your changes to the latest version and try again");
        (await client.AppsV1.ReadNamespacedDeploymentAsync("api", ns, cancellationToken: Cancel)).Spec.Replicas.ShouldBe(6);

        // Without a resourceVersion the replace is unconditional; a patch naming one is guarded by it.
        var unconditional = new V1Scale { Metadata = new V1ObjectMeta { Name = "api" }, Spec = new V1ScaleSpec { Replicas = 3 } };
        (await client.AppsV1.ReplaceNamespacedDeploymentScaleAsync(unconditional, "api", ns, cancellationToken: Cancel)).Spec.Replicas.ShouldBe(3);
        var guarded = new V1Patch($"{{\"metadata\":{{\"resourceVersion\":\"{scale.Metadata.ResourceVersion}\"}},\"spec\":{{\"replicas\":9}}}}", V1Patch.PatchType.MergePatch);
        (await Should.ThrowAsync<HttpOperationException>(() => client.AppsV1.PatchNamespacedDeploymentScaleAsync(guarded, "api", ns, cancellationToken: Cancel)))
            .Response.StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var negative = await Should.ThrowAsync<HttpOperationException>(() => client.AppsV1.PatchNamespacedDeploymentScaleAsync(
            new V1Patch("{\"spec\":{\"replicas\":-1}}", V1Patch.PatchType.MergePatch), "api", ns, cancellationToken: Cancel));
        ((int)negative.Response.StatusCode).ShouldBe(422);
        Message(negative).ShouldBe("Scale.autoscaling \"api\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0");

        // Status and everything else in the Scale stay out of the deployment.
        var withStatus = new V1Scale
        {
            Metadata = new V1ObjectMeta { Name = "api", Labels = new Dictionary<string, string> { ["ignored"] = "yes" } },
            Spec = new V1ScaleSpec { Replicas = 2 },
            Status = new V1ScaleStatus { Replicas = 42, Selector = "x=y" },
        };
        (await client.AppsV1.ReplaceNamespacedDeploymentScaleAsync(withStatus, "api", ns, cancellationToken: Cancel)).Status.Replicas.ShouldNotBe(42);
        var final = await client.AppsV1.ReadNamespacedDeploymentAsync("api", ns, cancellationToken: Cancel);
        final.Spec.Replicas.ShouldBe(2);
        final.Metadata.Labels.ShouldBeNull();
        final.Spec.Selector.MatchLabels["app"].ShouldBe("api");
    }

    [Fact]
    public async Task Scale_of_a_missing_deployment_is_404()
    {
        var client = fixture.Client();
        var ns = await fixture.NamespaceAsync("scale-404");
        var read = await Should.ThrowAsync<HttpOperationException>(() => client.AppsV1.ReadNamespacedDeploymentScaleAsync("nothing", ns, cancellationToken: Cancel));
        read.Response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        Message(read).ShouldBe("deployments/scale.apps \"nothing\" not found");
        var patch = await Should.ThrowAsync<HttpOperationException>(() => client.AppsV1.PatchNamespacedDeploymentScaleAsync(
            new V1Patch("{\"spec\":{\"replicas\":2}}", V1Patch.PatchType.MergePatch), "nothing", ns, cancellationToken: Cancel));
        patch.Response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var replace = await Should.ThrowAsync<HttpOperationException>(() => client.AppsV1.ReplaceNamespacedDeploymentScaleAsync(
            new V1Scale { Metadata = new V1ObjectMeta { Name = "nothing" }, Spec = new V1ScaleSpec { Replicas = 2 } }, "nothing", ns, cancellationToken: Cancel));
        replace.Response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Kubectl.RunAsync($"scale deployment nothing -n {ns} --replicas=2")).ShouldFail().Stderr.ShouldContain("deployments.apps \"nothing\" not found");

        // Kinds without a scale subresource do not serve one.
        (await Kubectl.RunAsync("apply -f -", $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n  namespace: {ns}\n")).ShouldSucceed();
        (await Kubectl.RunAsync($"get --raw /api/v1/namespaces/{ns}/configmaps/plain/scale")).ShouldFail().Stderr.ShouldContain("NotFound");
    }

    [Fact]
    public async Task Replica_set_scale_and_apply_to_scale()
    {
        var client = fixture.Client();
        var ns = await fixture.NamespaceAsync("scale-rs");
        (await Kubectl.RunAsync("apply -f -", Workload(ns, "ReplicaSet", "cache", 1))).ShouldSucceed();
        (await Kubectl.RunAsync($"scale replicaset cache -n {ns} --replicas=2")).ShouldSucceed().Stdout.ShouldContain("replicaset.apps/cache scaled");
        var scale = await client.AppsV1.ReadNamespacedReplicaSetScaleAsync("cache", ns, cancellationToken: Cancel);
        scale.Spec.Replicas.ShouldBe(2);
        scale.Status.Selector.ShouldBe("app=cache,tier=web");
        await Eventually.True(async () =>
            (await client.AppsV1.ReadNamespacedReplicaSetScaleAsync("cache", ns, cancellationToken: Cancel)).Status.Replicas == 2,
            "the replica set's scale to report 2 replicas");

        // Server-side apply to /scale: kubectl scale owns the replicas, so a second applier conflicts unless forced.
        var apply = new V1Patch("{\"apiVersion\":\"autoscaling/v1\",\"kind\":\"Scale\",\"metadata\":{\"name\":\"cache\"},\"spec\":{\"replicas\":3}}", V1Patch.PatchType.ApplyPatch);
        var conflict = await Should.ThrowAsync<HttpOperationException>(() =>
            client.AppsV1.PatchNamespacedReplicaSetScaleAsync(apply, "cache", ns, fieldManager: "hpa", cancellationToken: Cancel));
        conflict.Response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        conflict.Response.Content.ShouldContain("kubectl");
        var applied = await client.AppsV1.PatchNamespacedReplicaSetScaleAsync(apply, "cache", ns, fieldManager: "hpa", force: true, cancellationToken: Cancel);
        applied.Spec.Replicas.ShouldBe(3);
        var rs = await client.AppsV1.ReadNamespacedReplicaSetAsync("cache", ns, cancellationToken: Cancel);
        rs.Spec.Replicas.ShouldBe(3);
        var owner = rs.Metadata.ManagedFields.Where(e => e.Manager == "hpa").ShouldHaveSingleItem();
        owner.Operation.ShouldBe("Apply");
        owner.Subresource.ShouldBe("scale");
        owner.ApiVersion.ShouldBe("apps/v1");
        rs.Metadata.ManagedFields.ShouldNotContain(e => e.Manager == "kubectl" && e.Subresource == "scale");
    }
}
