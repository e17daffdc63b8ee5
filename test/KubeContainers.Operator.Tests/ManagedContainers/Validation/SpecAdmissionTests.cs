using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeContainers.Api;
using static KubeContainers.Operator.Tests.ManagedContainers.Validation.ValidSpecs;

namespace KubeContainers.Operator.Tests.ManagedContainers.Validation;

/// <summary>
/// The checked-in CRD (crds/) refusing bad specs at admission, on the local cluster, which validates against the
/// openAPIV3Schema (types, bounds, patterns, enums, required) but does not evaluate CEL. So only schema rules are
/// tested here; the CEL rules and the settings-dependent ones are SpecValidatorTests' (the operator re-checks the
/// schema rules too, for objects stored before a rule was tightened).
/// </summary>
public sealed class SpecAdmissionTests(SpecAdmissionTests.Cluster cluster) : IClassFixture<SpecAdmissionTests.Cluster>
{
    /// <summary>A local cluster with the ManagedContainer CRD from crds/ and one namespace.</summary>
    public sealed class Cluster : IAsyncLifetime
    {
        private LocalCluster.LocalCluster? _cluster;

        public IKubernetes Client { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            _cluster = await LocalCluster.LocalCluster.StartAsync(new LocalCluster.LocalClusterOptions { EnableControllers = false });
            Client = new Kubernetes(_cluster.ClientConfiguration());
            var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(
                await File.ReadAllTextAsync(RepositoryPath("crds", "kubecontainers.io_managedcontainers.yaml")));
            await Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
            await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } });
        }

        public async ValueTask DisposeAsync()
        {
            Client?.Dispose();
            if (_cluster is not null)
            {
                await _cluster.DisposeAsync();
            }
        }
    }

    /// <summary>One field set to a bad value in the public web app (as JSON, so values C# types cannot hold fit too),
    /// and what the 422 must say: the field path and a fragment of the rule.</summary>
    private sealed record Case(string Name, string Path, JsonNode? Value, string Field, string Rule);

    private static readonly Case[] Refused =
    [
        new("port above 65535", "spec.port", 70000, "spec.port", "should be less than or equal to 65535"),
        new("port 0", "spec.port", 0, "spec.port", "should be greater than or equal to 1"),
        new("port as a string", "spec.port", "http", "spec.port", "Invalid value: \"string\""),
        new("negative replicas", "spec.replicas", -1, "spec.replicas", "should be greater than or equal to 0"),
        new("image missing", "spec.image", null, "spec.image", "Required value"),
        new("image in upper case", "spec.image", "Nginx", "spec.image", "should match"),
        new("image with a shell command", "spec.image", "nginx; rm -rf /", "spec.image", "should match"),
        new("image digest too short", "spec.image", "nginx@sha256:abc", "spec.image", "should match"),
        new("image digest of an unknown algorithm", "spec.image", "nginx@md5:0123456789abcdef0123456789abcdef", "spec.image", "should match"),
        new("relative working directory", "spec.workingDir", "app", "spec.workingDir", "should match"),
        new("env value over 32 KiB", "spec.env.BIG", new string('x', 32 * 1024 + 1), "spec.env.BIG", "32768"),
        new("env over 100 keys", "spec.env", ManyEnv(101), "spec.env", "must have at most 100"),
        new("secret env name starting with a digit", "spec.secretEnv.0.name", "2X", "spec.secretEnv[0].name", "should match"),
        new("secret name not a subdomain", "spec.secretEnv.0.secretName", "Db_Secret", "spec.secretEnv[0].secretName", "should match"),
        new("secret key ..", "spec.secretEnv.0.key", "..", "spec.secretEnv[0].key", "should match"),
        new("secret key missing", "spec.secretEnv.0.key", null, "spec.secretEnv[0].key", "Required value"),
        new("health check path relative", "spec.healthCheck.path", "health", "spec.healthCheck.path", "should match"),
        new("health check path with a space", "spec.healthCheck.path", "/health check", "spec.healthCheck.path", "should match"),
        new("health check path smuggling a header", "spec.healthCheck.path", "/health\r\nHost: evil", "spec.healthCheck.path", "should match"),
        new("health check path not ASCII", "spec.healthCheck.path", "/santé", "spec.healthCheck.path", "should match"),
        new("health check port above 65535", "spec.healthCheck.port", 65536, "spec.healthCheck.port", "should be less than or equal to 65535"),
        new("health check period 0", "spec.healthCheck.periodSeconds", 0, "spec.healthCheck.periodSeconds", "should be greater than or equal to 1"),
        new("cpu with two decimal points", "spec.resources.cpu", "1.5.5", "spec.resources.cpu", "should match"),
        new("negative memory", "spec.resources.memory", "-512Mi", "spec.resources.memory", "should match"),
        new("memory in MB", "spec.resources.memory", "512MB", "spec.resources.memory", "should match"),
        new("negative gpus", "spec.resources.gpu", -1, "spec.resources.gpu", "should be greater than or equal to 0"),
        new("sandbox in upper case", "spec.sandbox", "Kata", "spec.sandbox", "should match"),
        new("unknown architecture", "spec.architecture", "x86", "spec.architecture", "Unsupported value: \"x86\""),
        new("unknown ingress", "spec.networking.ingress", "internal", "spec.networking.ingress", "Unsupported value: \"internal\""),
        new("unknown egress", "spec.networking.egress", "everything", "spec.networking.egress", "Unsupported value: \"everything\""),
        new("host that is an IP address", "spec.networking.host", "10.0.0.1", "spec.networking.host", "should match"),
        new("wildcard host", "spec.networking.host", "*.apps.example.com", "spec.networking.host", "should match"),
        new("host in upper case", "spec.networking.host", "Web.apps.example.com", "spec.networking.host", "should match"),
        new("host label longer than 63", "spec.networking.host", new string('a', 64) + ".apps.example.com", "spec.networking.host", "should match"),
        new("host longer than 253", "spec.networking.host", string.Join('.', Enumerable.Repeat(new string('h', 63), 4)) + ".com", "spec.networking.host", "Too long"),
        new("volume name in upper case", "spec.volumes.0.name", "Data", "spec.volumes[0].name", "should match"),
        new("relative mount path", "spec.volumes.0.mountPath", "data", "spec.volumes[0].mountPath", "should match"),
        new("mount path with a newline", "spec.volumes.0.mountPath", "/data\n/etc", "spec.volumes[0].mountPath", "should match"),
        new("volume size not a quantity", "spec.volumes.0.size", "lots", "spec.volumes[0].size", "should match"),
        new("volume size missing", "spec.volumes.0.size", null, "spec.volumes[0].size", "Required value"),
        new("more than 16 volumes", "spec.volumes", ManyVolumes(17), "spec.volumes", "must have at most 16 items"),
        new("unknown mode", "spec.mode", "daemon", "spec.mode", "Unsupported value: \"daemon\""),
        new("timeout 0", "spec.lifetime.timeoutSeconds", 0, "spec.lifetime.timeoutSeconds", "should be greater than or equal to 1"),
        new("expiry not a time", "spec.lifetime.expiresAt", "tomorrow", "spec.lifetime.expiresAt", "date-time"),
        new("unknown expiry action", "spec.lifetime.onExpiry", "archive", "spec.lifetime.onExpiry", "Unsupported value: \"archive\""),
        new("progress deadline 0", "spec.rollout.progressDeadlineSeconds", 0, "spec.rollout.progressDeadlineSeconds", "should be greater than or equal to 1"),
        new("pull secret not a subdomain", "spec.imagePullSecrets.0", "Bad_Name", "spec.imagePullSecrets[0]", "should match"),
        new("label value with spaces", "spec.labels.tier", "front end", "spec.labels.tier", "should match"),
        new("label value longer than 63", "spec.labels.tier", new string('v', 64), "spec.labels.tier", "Too long"),
        new("name in upper case", "metadata.name", "Web", "metadata.name", "RFC 1123 subdomain"),
    ];

    public static TheoryData<string> RefusedNames => [.. Refused.Select(c => c.Name)];

    public static TheoryData<string> ValidNames => [.. All.Keys];

    [Theory]
    [MemberData(nameof(RefusedNames))]
    public async Task The_schema_refuses_a_bad_spec_naming_the_field_and_the_rule(string name)
    {
        var row = Refused.Single(c => c.Name == name);
        var body = Json(PublicWebApp());
        body["metadata"]!["name"] = $"refused-{Array.IndexOf(Refused, row)}";
        Set(body, row.Path, row.Value);

        var refused = await Should.ThrowAsync<HttpOperationException>(() => CreateAsync(body));

        ((int)refused.Response.StatusCode).ShouldBe(422, refused.Response.Content);
        var message = Status(refused).Message;
        message.ShouldContain(row.Field + ": ", Shouldly.Case.Sensitive, message);
        message.ShouldContain(row.Rule, Shouldly.Case.Sensitive, message);
    }

    [Theory]
    [MemberData(nameof(ValidNames))]
    public async Task The_schema_accepts_the_valid_specs(string name)
    {
        var body = Json(All[name]());
        body["metadata"]!["name"] = name.Replace(' ', '-').Replace('.', '-');

        var created = await CreateAsync(body);

        created.ShouldNotBeNull();
    }

    [Fact]
    public async Task The_schema_accepts_the_repository_samples()
    {
        var samples = RepositorySamples();
        samples.ShouldNotBeEmpty();
        foreach (var (file, yaml) in samples)
        {
            var body = Json(FromYaml(yaml));
            body["metadata"]!["name"] = "sample-" + body["metadata"]!["name"]!.GetValue<string>();

            (await CreateAsync(body)).ShouldNotBeNull(file);
        }
    }

    private async Task<object> CreateAsync(JsonObject body) =>
        await cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            body,
            V1Alpha1ManagedContainer.KubeGroup,
            V1Alpha1ManagedContainer.KubeApiVersion,
            Namespace,
            V1Alpha1ManagedContainer.KubePluralName,
            cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>The object as the user would write it: no creation time nor status, which the server sets.</summary>
    private static JsonObject Json(V1Alpha1ManagedContainer container)
    {
        container.Metadata.CreationTimestamp = null;
        var json = JsonNode.Parse(KubernetesJson.Serialize(container))!.AsObject();
        json.Remove("status");
        return json;
    }

    /// <summary>Sets (or, for null, removes) the value at a dotted path; numeric steps index into lists.</summary>
    private static void Set(JsonObject root, string path, JsonNode? value)
    {
        var steps = path.Split('.');
        JsonNode node = root;
        foreach (var step in steps[..^1])
        {
            node = int.TryParse(step, out var index) ? node[index]! : node[step]!;
        }

        var last = steps[^1];
        if (value is null)
        {
            node.AsObject().Remove(last);
        }
        else if (int.TryParse(last, out var index))
        {
            node[index] = value.DeepClone();
        }
        else
        {
            node[last] = value.DeepClone();
        }
    }

    private static V1Status Status(HttpOperationException e) => KubernetesJson.Deserialize<V1Status>(e.Response.Content);

    private static JsonObject ManyEnv(int count) => new(Enumerable.Range(0, count).Select(i => KeyValuePair.Create<string, JsonNode?>($"VAR_{i}", "x")));

    private static JsonArray ManyVolumes(int count) => [.. Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject
    {
        ["name"] = $"v{i}",
        ["mountPath"] = $"/v{i}",
        ["size"] = "1Gi",
    })];
}
