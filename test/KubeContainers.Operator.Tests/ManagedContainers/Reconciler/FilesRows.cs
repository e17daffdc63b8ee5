using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.ManagedContainers;
using KubeContainers.Operator.ManagedContainers.Resources;
using KubeContainers.Operator.Tests.ManagedContainers.Reconciler.Harness;

namespace KubeContainers.Operator.Tests.ManagedContainers.Reconciler;

/// <summary>The owned ConfigMap of spec.files' inline contents, synced like the other children.</summary>
public sealed class FilesRows
{
    private static void WithFiles(ManagedContainerSpec spec) => spec.Files =
    [
        new FileSpec { Path = "/etc/web/config.yaml", Content = "level: info\n" },
        new FileSpec { Path = "/etc/web/key.pem", SecretName = "web-tls", Key = "tls.key", Mode = 256 },
    ];

    private static async Task ReconciledWithFiles(Cluster c)
    {
        c.Add(Objects.WebApp(WithFiles));
        await c.ReconcileAsync();
    }

    private static string TemplateHash(Cluster c) =>
        c.Get<V1Deployment>("web").Spec.Template.Metadata.Annotations[FilesResource.ContentHashAnnotation];

    private static readonly Table Rows = new(
        new Row("inline files: the owned ConfigMap is created before the Deployment that mounts it")
        {
            Given = c =>
            {
                c.Add(Objects.WebApp(WithFiles));
                return Task.CompletedTask;
            },
            Writes =
            [
                "create V1RuntimeClass kubecontainers-gvisor",
                "create V1NetworkPolicy team-a/web",
                "create V1Service team-a/web",
                "create V1ConfigMap team-a/web-files",
                "create V1Deployment team-a/web",
                "create V1Ingress team-a/web",
                "status V1Alpha1ManagedContainer team-a/web",
            ],
            Then = c =>
            {
                var configMap = c.Get<V1ConfigMap>("web-files");
                configMap.Data.Values.ShouldBe(["level: info\n"]);
                configMap.Metadata.OwnerReferences.ShouldHaveSingleItem().Uid.ShouldBe(c.Container().Metadata.Uid);
                configMap.Metadata.Labels[Labels.Container].ShouldBe("web");
                TemplateHash(c).Length.ShouldBe(16);
            },
        },
        new Row("a new inline content updates the ConfigMap and the template's digest, so the pods roll")
        {
            Given = async c =>
            {
                await ReconciledWithFiles(c);
                await c.EditSpecAsync(s => s.Files![0].Content = "level: debug\n");
            },
            Writes =
            [
                "update V1ConfigMap team-a/web-files",
                "update V1Deployment team-a/web",
                "status V1Alpha1ManagedContainer team-a/web",
            ],
            Events = ["Normal Deployed: deploying a new version"],
            Then = c => c.Get<V1ConfigMap>("web-files").Data.Values.ShouldBe(["level: debug\n"]),
        },
        new Row("a hand edit of the owned ConfigMap is undone; the Deployment is not touched")
        {
            Given = async c =>
            {
                await ReconciledWithFiles(c);
                await c.EditAsync<V1ConfigMap>("web-files", m => m.Data = new Dictionary<string, string> { ["x"] = "y" });
            },
            Writes = ["update V1ConfigMap team-a/web-files"],
            Then = c => c.Get<V1ConfigMap>("web-files").Data.Values.ShouldBe(["level: info\n"]),
        },
        new Row("no inline file left: the ConfigMap is deleted after the Deployment stopped mounting it")
        {
            Given = async c =>
            {
                await ReconciledWithFiles(c);
                await c.EditSpecAsync(s => s.Files!.RemoveAt(0));
            },
            Writes =
            [
                "update V1Deployment team-a/web",
                "delete V1ConfigMap team-a/web-files",
                "status V1Alpha1ManagedContainer team-a/web",
            ],
            Events = ["Normal Deployed: deploying a new version"],
            Then = c =>
            {
                c.Find<V1ConfigMap>("web-files").ShouldBeNull();
                (c.Get<V1Deployment>("web").Spec.Template.Metadata.Annotations ?? new Dictionary<string, string>()).ShouldNotContainKey(FilesResource.ContentHashAnnotation);
            },
        },
        new Row("a ConfigMap of that name that is not ours: left alone, and no pod mounts it")
        {
            Given = c =>
            {
                c.Add(new V1ConfigMap
                {
                    ApiVersion = "v1",
                    Kind = "ConfigMap",
                    Metadata = new V1ObjectMeta
                    {
                        Name = "web-files",
                        NamespaceProperty = Objects.Namespace,
                        Labels = new Dictionary<string, string> { [Labels.ManagedBy] = Labels.ManagedByValue },
                    },
                    Data = new Dictionary<string, string> { ["theirs"] = "secret sauce" },
                });
                c.Add(Objects.WebApp(WithFiles));
                return Task.CompletedTask;
            },
            Writes =
            [
                "create V1RuntimeClass kubecontainers-gvisor",
                "create V1NetworkPolicy team-a/web",
                "create V1Service team-a/web",
                "create V1Ingress team-a/web",
                "status V1Alpha1ManagedContainer team-a/web",
            ],
            Ready = "False NotOwned",
            Events = ["Warning NotOwned: not started: ConfigMap web-files of spec.files is not ours"],
            Then = c =>
            {
                c.Find<V1Deployment>("web").ShouldBeNull();
                c.Get<V1ConfigMap>("web-files").Data.ShouldContainKey("theirs");
                c.Container().Status.GetCondition(ConditionTypes.Ready)!.Message.ShouldContain("ConfigMap web-files of spec.files is not ours");
            },
        });

    public static TheoryData<string> Names => Rows.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public Task Reconciles(string row) => Rows.RunAsync(row);
}
