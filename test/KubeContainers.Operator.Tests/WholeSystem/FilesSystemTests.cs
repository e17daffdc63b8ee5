using k8s;
using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.ManagedContainers.Resources;
using KubeContainers.Operator.Tests.Support;
using KubeContainers.Testing;

namespace KubeContainers.Operator.Tests.WholeSystem;

/// <summary>
/// spec.files and spec.envFrom with the real operator, running as its ServiceAccount with exactly the chart's RBAC
/// (no Secrets rights), on the local kubelet that sets up configMap and secret volumes and the environment as
/// kubelet 1.31 does: inline content lives in the owned ConfigMap and rolls the pods when it changes; a referenced
/// Secret or ConfigMap that does not exist yet keeps the container from starting, and Ready=False names it until it
/// is created.
/// </summary>
[ClusterTest]
public sealed class FilesSystemTests(OperatorCluster cluster) : IClassFixture<OperatorCluster>
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);
    private readonly IKubernetes client = cluster.Client();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NginxSite(string greeting) =>
        "  image: nginx:1.27\n  port: 80\n  sandbox: gvisor\n  networking:\n    ingress: private\n  files:\n"
        + "    - path: /etc/nginx/conf.d/default.conf\n      mode: 0644\n      content: |\n"
        + $"        server {{ listen 80; location / {{ return 200 '{greeting}'; }} }}\n";

    [Fact]
    public async Task Nginx_with_an_inline_config_file_becomes_ready_and_a_new_content_rolls_the_pods()
    {
        var ns = await cluster.NamespaceAsync("files-inline");
        await cluster.ApplyAsync(ns, "site", NginxSite("hello"));

        await cluster.WaitReadyAsync(ns, "site");
        var configMap = await client.CoreV1.ReadNamespacedConfigMapAsync("site-files", ns, cancellationToken: Ct);
        configMap.Data.Values.ShouldHaveSingleItem().ShouldContain("return 200 'hello'");
        configMap.Metadata.OwnerReferences.ShouldHaveSingleItem().Kind.ShouldBe("ManagedContainer");
        var template = (await client.AppsV1.ReadNamespacedDeploymentAsync("site", ns, cancellationToken: Ct)).Spec.Template;
        var mount = template.Spec.Containers.Single().VolumeMounts.ShouldHaveSingleItem();
        mount.MountPath.ShouldBe("/etc/nginx/conf.d/default.conf");
        mount.SubPath.ShouldBe(configMap.Data.Keys.Single());
        template.Spec.Volumes.ShouldHaveSingleItem().ConfigMap.Items.ShouldHaveSingleItem().Mode.ShouldBe(420);
        var firstHash = template.Metadata.Annotations[FilesResource.ContentHashAnnotation];
        (await ReplicaSetsAsync(ns)).ShouldHaveSingleItem();

        // A subPath mount never sees an edit: a new content must be a new pod template, so a new ReplicaSet.
        await cluster.ApplyAsync(ns, "site", NginxSite("bonjour"));
        await Eventually.Returns(() => ReplicaSetsAsync(ns), r => r.Count == 2, $"{ns}: a second ReplicaSet", Converge);
        await Eventually.Returns(
            () => client.GetAsync(ns, "site"),
            m => m?.Status.IsReady() == true && m.Status.ObservedGeneration == m.Metadata.Generation,
            $"{ns}/site Ready at generation 2",
            Converge);
        (await client.CoreV1.ReadNamespacedConfigMapAsync("site-files", ns, cancellationToken: Ct)).Data.Values.Single().ShouldContain("'bonjour'");
        (await client.AppsV1.ReadNamespacedDeploymentAsync("site", ns, cancellationToken: Ct)).Spec.Template.Metadata.Annotations[FilesResource.ContentHashAnnotation]
            .ShouldNotBe(firstHash);

        // No inline file left: the owned ConfigMap goes.
        await cluster.ApplyAsync(ns, "site", "  image: nginx:1.27\n  port: 80\n  sandbox: gvisor\n  networking:\n    ingress: private\n");
        await Eventually.True(
            async () => (await client.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: Ct)).Items.All(c => c.Metadata.Name != "site-files"),
            $"{ns}: site-files deleted",
            Converge);
        NoDenials();
    }

    [Fact]
    public async Task A_missing_secret_file_leaves_the_container_not_ready_naming_the_secret_until_it_is_created()
    {
        var ns = await cluster.NamespaceAsync("files-secret");
        await cluster.ApplyAsync(ns, "site", NginxSite("hello") + "    - path: /etc/nginx/tls/site.key\n      secretName: site-tls\n      key: tls.key\n      mode: 0400\n");

        var waiting = await Eventually.Returns(
            () => client.GetAsync(ns, "site"),
            m => m?.Status.GetCondition(ConditionTypes.Ready) is { Status: ConditionStatuses.False } ready
                && ready.Message?.Contains("secret \"site-tls\" not found", StringComparison.Ordinal) == true,
            $"{ns}/site Ready=False naming the Secret",
            Converge);
        waiting!.Status.GetCondition(ConditionTypes.Ready)!.Reason.ShouldBe(ConditionReasons.VolumeMountFailed, KubeContainers.WholeSystem.ManagedContainers.Describe(waiting));

        (await cluster.Kubectl.RunAsync($"create secret generic site-tls -n {ns} --from-literal=tls.key=k3y")).ShouldSucceed();
        await cluster.WaitReadyAsync(ns, "site");
        NoDenials();
    }

    [Fact]
    public async Task A_missing_envFrom_configmap_leaves_the_container_not_ready_naming_it_until_it_is_created()
    {
        var ns = await cluster.NamespaceAsync("files-envfrom");
        await cluster.ApplyAsync(ns, "site", NginxSite("hello") + "  envFrom:\n    - configMapName: site-settings\n      prefix: SITE_\n    - secretName: site-extra\n      optional: true\n");

        var waiting = await Eventually.Returns(
            () => client.GetAsync(ns, "site"),
            m => m?.Status.GetCondition(ConditionTypes.Ready) is { Status: ConditionStatuses.False } ready
                && ready.Message?.Contains("configmap \"site-settings\" not found", StringComparison.Ordinal) == true,
            $"{ns}/site Ready=False naming the ConfigMap",
            Converge);
        waiting!.Status.GetCondition(ConditionTypes.Ready)!.Reason.ShouldBe(ConditionReasons.ContainerConfigError, KubeContainers.WholeSystem.ManagedContainers.Describe(waiting));

        (await cluster.Kubectl.RunAsync($"create configmap site-settings -n {ns} --from-literal=GREETING=hello")).ShouldSucceed();
        await cluster.WaitReadyAsync(ns, "site");
        var app = (await client.AppsV1.ReadNamespacedDeploymentAsync("site", ns, cancellationToken: Ct)).Spec.Template.Spec.Containers.Single();
        app.EnvFrom[0].ConfigMapRef.Name.ShouldBe("site-settings");
        app.EnvFrom[0].Prefix.ShouldBe("SITE_");
        app.EnvFrom[1].SecretRef.Optional.ShouldBe(true);
        NoDenials();
    }

    /// <summary>Every refusal the cluster answered to the operator process: none (configmaps granted, Secrets never
    /// needed since they are only referenced).</summary>
    private void NoDenials() =>
        cluster.Cluster.Auth.Denials
            .Where(d => d.User == OperatorIdentity.UserName && !d.UserAgent.StartsWith("kubectl", StringComparison.Ordinal))
            .Select(d => $"{d.UserAgent}: {d.Message}").ShouldBeEmpty();

    private async Task<List<V1ReplicaSet>> ReplicaSetsAsync(string ns) =>
        [.. (await client.AppsV1.ListNamespacedReplicaSetAsync(ns, cancellationToken: Ct)).Items];
}
