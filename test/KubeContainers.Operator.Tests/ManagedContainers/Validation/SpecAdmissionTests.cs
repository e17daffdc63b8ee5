using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.ManagedContainers;
using static KubeContainers.Operator.Tests.ManagedContainers.Validation.ValidSpecs;

namespace KubeContainers.Operator.Tests.ManagedContainers.Validation;

/// <summary>
/// The checked-in CRD (crds/) refusing bad specs at admission, on the local cluster, which validates against the
/// openAPIV3Schema (types, bounds, patterns, enums, required) and evaluates its CEL rules (x-kubernetes-validations)
/// as kube-apiserver 1.31 does. The operator does not check these again; what only it can check (its settings, the
/// namespace, the creation time) is SpecValidatorTests'.
/// </summary>
[ClusterTest]
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

        /// <summary>Creates the object as kubectl would; a refusal throws the apiserver's answer.</summary>
        public async Task<object> CreateAsync(JsonObject body) =>
            await Client.CustomObjects.CreateNamespacedCustomObjectAsync(
                body,
                V1Alpha1ManagedContainer.KubeGroup,
                V1Alpha1ManagedContainer.KubeApiVersion,
                Namespace,
                V1Alpha1ManagedContainer.KubePluralName,
                cancellationToken: TestContext.Current.CancellationToken);

        /// <summary>The object as the user would write it: no creation time nor status, which the server sets.</summary>
        public static JsonObject Json(V1Alpha1ManagedContainer container)
        {
            container.Metadata.CreationTimestamp = null;
            var json = JsonNode.Parse(KubernetesJson.Serialize(container))!.AsObject();
            json.Remove("status");
            return json;
        }
    }

    /// <summary>One field set to a bad value in the public web app (as JSON, so values C# types cannot hold fit too),
    /// and what the 422 must say: the field path and a fragment of the rule.</summary>
    private sealed record Case(string Name, string Path, JsonNode? Value, string Field, string Rule)
    {
        /// <summary>A change a dotted path cannot say (keys with dots, several fields); replaces Path and Value.</summary>
        public Action<JsonObject>? Edit { get; init; }
    }

    private static JsonObject SpecOf(JsonObject body) => body["spec"]!.AsObject();

    private static Case ReservedLabel(string key) =>
        new($"reserved label {key}", "", null, "spec.labels", "reserved for the operator") { Edit = b => SpecOf(b)["labels"]![key] = "x" };

    private static Case LabelKey(string name, string key) =>
        new(name, "", null, "spec.labels", "keys must be qualified names") { Edit = b => SpecOf(b)["labels"]![key] = "x" };

    private static Case SecurityContextField(string name, string field, JsonNode value, string rule) =>
        new(name, "", null, $"spec.securityContext.{field}", rule)
        {
            Edit = b => SpecOf(b)["securityContext"] = new JsonObject { [field] = value },
        };

    /// <summary>spec.port replaced by these ports (name, number, protocol or null, http or null).</summary>
    private static Case Ports(string name, string field, string rule, params (string Name, int Port, string? Protocol, bool? Http)[] ports) =>
        new(name, "", null, field, rule)
        {
            Edit = b =>
            {
                SpecOf(b).Remove("port");
                SpecOf(b)["ports"] = new JsonArray([.. ports.Select(p => (JsonNode)PortJson(p.Name, p.Port, p.Protocol, p.Http))]);
            },
        };

    private static JsonObject PortJson(string name, int port, string? protocol, bool? http)
    {
        var json = new JsonObject { ["name"] = name, ["port"] = port };
        if (protocol is not null)
        {
            json["protocol"] = protocol;
        }

        if (http is not null)
        {
            json["http"] = http;
        }

        return json;
    }

    private static readonly Case[] Refused =
    [
        new("port above 65535", "spec.port", 70000, "spec.port", "should be less than or equal to 65535"),
        new("port 0", "spec.port", 0, "spec.port", "should be greater than or equal to 1"),
        new("port as a string", "spec.port", "http", "spec.port", "Invalid value: \"string\""),
        new("negative replicas", "spec.replicas", -1, "spec.replicas", "should be greater than or equal to 0"),
        new("negative grace period", "spec.terminationGracePeriodSeconds", -1, "spec.terminationGracePeriodSeconds", "should be greater than or equal to 0"),
        new("grace period over an hour", "spec.terminationGracePeriodSeconds", 3601, "spec.terminationGracePeriodSeconds", "should be less than or equal to 3600"),
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
        SecurityContextField("negative runAsUser", "runAsUser", -1, "should be greater than or equal to 0"),
        SecurityContextField("runAsGroup above 2147483647", "runAsGroup", 2147483648L, "should be less than or equal to 2147483647"),
        SecurityContextField("fsGroup as a name", "fsGroup", "staff", "Invalid value: \"string\""),
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
        new("health check failure threshold 101", "spec.healthCheck.failureThreshold", 101, "spec.healthCheck.failureThreshold", "should be less than or equal to 100"),
        new("storage class not a subdomain", "spec.volumes.0.storageClassName", "Fast_SSD", "spec.volumes[0].storageClassName", "should match"),

        // The CRD's CEL rules (x-kubernetes-validations): the value is printed as its type name, then the rule's message.
        new("name longer than a label value", "metadata.name", new string('a', 64), "<nil>", "Invalid value: \"object\": metadata.name: must be no more than 63 characters"),
        new("name with a dot and a port", "metadata.name", "web.v2", "<nil>", "metadata.name: must be a DNS-1035 label"),
        new("name starting with a digit and a port", "metadata.name", "1web", "<nil>", "metadata.name: must be a DNS-1035 label"),
        new("env key starting with a digit", "spec.env.1FOO", "x", "spec.env", "Invalid value: \"object\": spec.env: keys must be environment variable names"),
        new("env key with a dash", "spec.env.MY-VAR", "x", "spec.env", "keys must be environment variable names"),
        new("secret env names repeated", "", null, "spec.secretEnv", "Invalid value: \"array\": spec.secretEnv: names must be unique")
        {
            Edit = b => SpecOf(b)["secretEnv"]!.AsArray().Add(new JsonObject { ["name"] = "DB_PASSWORD", ["secretName"] = "other", ["key"] = "k" }),
        },
        new("health check without a port to probe", "", null, "spec.healthCheck", "requires spec.port, a TCP port in spec.ports or spec.healthCheck.port: there is no port to probe")
        {
            Edit = b =>
            {
                SpecOf(b).Remove("port");
                SpecOf(b)["networking"] = new JsonObject { ["ingress"] = "none" };
            },
        },
        new("path on a tcp check", "spec.healthCheck.type", "tcp", "spec.healthCheck.path", "Invalid value: \"object\": spec.healthCheck.path: only an http check takes a path"),
        new("path on a grpc check", "spec.healthCheck.type", "grpc", "spec.healthCheck.path", "only an http check takes a path"),
        new("path on an exec check", "", null, "spec.healthCheck.path", "only an http check takes a path")
        {
            Edit = b => SpecOf(b)["healthCheck"] = new JsonObject { ["type"] = "exec", ["path"] = "/health", ["command"] = new JsonArray("true") },
        },
        new("command on an http check", "", null, "spec.healthCheck.command", "only an exec check takes a command")
        {
            Edit = b => SpecOf(b)["healthCheck"]!["command"] = new JsonArray("true"),
        },
        new("command on a tcp check", "", null, "spec.healthCheck.command", "only an exec check takes a command")
        {
            Edit = b => SpecOf(b)["healthCheck"] = new JsonObject { ["type"] = "tcp", ["command"] = new JsonArray("true") },
        },
        new("command on a grpc check", "", null, "spec.healthCheck.command", "only an exec check takes a command")
        {
            Edit = b => SpecOf(b)["healthCheck"] = new JsonObject { ["type"] = "grpc", ["command"] = new JsonArray("true") },
        },
        new("exec check without a command", "", null, "spec.healthCheck.command", "spec.healthCheck.command: an exec check requires a command")
        {
            Edit = b => SpecOf(b)["healthCheck"] = new JsonObject { ["type"] = "exec" },
        },
        new("exec check with an empty command", "", null, "spec.healthCheck.command", "an exec check requires a command")
        {
            Edit = b => SpecOf(b)["healthCheck"] = new JsonObject { ["type"] = "exec", ["command"] = new JsonArray() },
        },
        new("service on an http check", "spec.healthCheck.service", "org.Rpc", "spec.healthCheck.service", "only a grpc check takes a service"),
        new("port on an exec check", "", null, "spec.healthCheck.port", "an exec or none check takes no port")
        {
            Edit = b => SpecOf(b)["healthCheck"] = new JsonObject { ["type"] = "exec", ["port"] = 8080, ["command"] = new JsonArray("true") },
        },
        new("unknown health check type", "spec.healthCheck.type", "udp", "spec.healthCheck.type", "Unsupported value: \"udp\""),
        new("startup allowance 0", "spec.healthCheck.startupSeconds", 0, "spec.healthCheck.startupSeconds", "should be greater than or equal to 1"),
        new("tcp check without a port to probe", "", null, "spec.healthCheck", "an http, tcp or grpc check requires spec.port")
        {
            Edit = b =>
            {
                SpecOf(b).Remove("port");
                SpecOf(b)["networking"] = new JsonObject { ["ingress"] = "none" };
                SpecOf(b)["healthCheck"] = new JsonObject { ["type"] = "tcp" };
            },
        },
        new("grpc check without a port to probe", "", null, "spec.healthCheck", "an http, tcp or grpc check requires spec.port")
        {
            Edit = b =>
            {
                SpecOf(b).Remove("port");
                SpecOf(b)["networking"] = new JsonObject { ["ingress"] = "none" };
                SpecOf(b)["healthCheck"] = new JsonObject { ["type"] = "grpc" };
            },
        },
        new("one-shot with two replicas", "spec.mode", "oneShot", "spec.replicas", "spec.replicas: must be 0 or 1 when spec.mode is oneShot"),
        new("host with private ingress", "spec.networking.ingress", "private", "spec.networking.host", "requires an HTTP port (spec.port, or in spec.ports the one with http: true or the only TCP port) and networking.ingress public"),
        new("public ingress without a port", "", null, "spec.networking.ingress", "public requires an HTTP port (spec.port, or in spec.ports the one with http: true or the only TCP port) and private requires a port; a container without a port takes none")
        {
            Edit = b =>
            {
                SpecOf(b).Remove("port");
                SpecOf(b)["networking"]!.AsObject().Remove("host");
            },
        },
        new("volume names repeated", "spec.volumes.1.name", "data", "spec.volumes", "spec.volumes: names must be unique"),
        new("mount paths repeated", "spec.volumes.1.mountPath", "/data", "spec.volumes", "spec.volumes: mountPaths must be unique"),
        new("mount path inside another", "spec.volumes.1.mountPath", "/data/cache", "spec.volumes", "a mountPath must not be inside another volume's mountPath"),
        new("mount path /", "spec.volumes.0.mountPath", "/", "spec.volumes[0].mountPath", "Invalid value: \"string\": spec.volumes[].mountPath: must not be /"),
        new("mount path under /proc", "spec.volumes.0.mountPath", "/proc/1", "spec.volumes[0].mountPath", "must not be /proc, /sys, /dev or under them"),
        new("mount path escaping with ..", "spec.volumes.0.mountPath", "/data/../etc", "spec.volumes[0].mountPath", "must not contain a .. segment"),
        new("both timeout and expiry", "spec.lifetime.expiresAt", "2030-01-01T00:00:00Z", "spec.lifetime", "set exactly one of timeoutSeconds and expiresAt"),
        new("neither timeout nor expiry", "spec.lifetime.timeoutSeconds", null, "spec.lifetime", "set exactly one of timeoutSeconds and expiresAt"),
        ReservedLabel(Labels.Name),
        ReservedLabel(Labels.ManagedBy),
        ReservedLabel(Labels.Container),
        ReservedLabel(Labels.Retain),
        LabelKey("label key starting with a dash", "-tier"),
        LabelKey("label key with two slashes", "a/b/c"),
        LabelKey("label key prefix in upper case", "Example.com/team"),
        LabelKey("label key prefix longer than 253", string.Join('.', Enumerable.Repeat(new string('p', 60), 5)) + "/x"),
        LabelKey("label key name longer than 63", new string('n', 64)),
        Ports("two http ports", "spec.ports", "Invalid value: \"array\": spec.ports: at most one port may have http: true", ("web", 8080, null, true), ("admin", 9000, null, true)),
        Ports("port names repeated", "spec.ports", "spec.ports: names must be unique", ("web", 8080, null, true), ("web", 9000, null, null)),
        Ports("port and protocol repeated", "spec.ports", "spec.ports: a port and protocol pair must be unique", ("web", 8080, null, true), ("alt", 8080, "TCP", null)),
        Ports("http on a udp port", "spec.ports[1].http", "Invalid value: \"object\": spec.ports[].http: only a TCP port can be the HTTP port", ("web", 8080, null, null), ("voice", 7777, "UDP", true)),
        Ports("port name with consecutive hyphens", "spec.ports[0].name", "spec.ports[].name: must not contain consecutive hyphens", ("web--ui", 8080, null, null)),
        Ports("port name without a letter", "spec.ports[0].name", "spec.ports[].name: must contain at least one letter (a-z)", ("8080", 8080, null, null)),
        Ports("port name longer than 15", "spec.ports[0].name", "Too long", ("administration-ui", 8080, null, null)),
        Ports("port name in upper case", "spec.ports[0].name", "should match", ("Web", 8080, null, null)),
        Ports("sctp port", "spec.ports[1].protocol", "Unsupported value: \"SCTP\"", ("web", 8080, null, true), ("sig", 3868, "SCTP", null)),
        Ports("port above 65535 in ports", "spec.ports[0].port", "should be less than or equal to 65535", ("web", 70000, null, null)),
        Ports("public ingress and a host without an http port", "spec.networking.ingress", "public requires an HTTP port", ("redis", 6379, null, false)),
        new("more than 16 ports", "", null, "spec.ports", "must have at most 16 items")
        {
            Edit = b =>
            {
                SpecOf(b).Remove("port");
                SpecOf(b)["ports"] = new JsonArray([.. Enumerable.Range(1, 17).Select(i => (JsonNode)PortJson($"p{i}", 9000 + i, null, null))]);
            },
        },
        new("port and ports together", "", null, "spec.ports", "spec.ports: not with spec.port")
        {
            Edit = b => SpecOf(b)["ports"] = new JsonArray(PortJson("web", 8080, null, null)),
        },
        new("load balancer with only the http port", "", null, "spec.networking.loadBalancer", "requires a port in spec.ports besides the HTTP port")
        {
            Edit = b => SpecOf(b)["networking"]!["loadBalancer"] = true,
        },
        new("load balancer with no inbound traffic", "", null, "spec.networking.loadBalancer", "not with networking.ingress none")
        {
            Edit = b =>
            {
                SpecOf(b).Remove("port");
                SpecOf(b)["ports"] = new JsonArray(PortJson("game", 7777, "UDP", null));
                SpecOf(b)["networking"] = new JsonObject { ["ingress"] = "none", ["loadBalancer"] = true };
            },
        },
        new("pull secrets repeated", "", null, "spec.imagePullSecrets", "Invalid value: \"array\": spec.imagePullSecrets: names must be unique")
        {
            Edit = b => SpecOf(b)["imagePullSecrets"]!.AsArray().Add("ghcr-pull"),
        },
    ];

    public static TheoryData<string> RefusedNames => [.. Refused.Select(c => c.Name)];

    public static TheoryData<string> ValidNames => [.. All.Keys];

    [Theory]
    [MemberData(nameof(RefusedNames))]
    public async Task The_CRD_refuses_a_bad_spec_naming_the_field_and_the_rule(string name)
    {
        var row = Refused.Single(c => c.Name == name);
        var body = Cluster.Json(PublicWebApp());
        body["metadata"]!["name"] = $"refused-{Array.IndexOf(Refused, row)}";
        if (row.Edit is { } edit)
        {
            edit(body);
        }
        else
        {
            Set(body, row.Path, row.Value);
        }

        var refused = await Should.ThrowAsync<HttpOperationException>(() => cluster.CreateAsync(body));

        ((int)refused.Response.StatusCode).ShouldBe(422, refused.Response.Content);
        var message = Status(refused).Message;
        message.ShouldContain(row.Field + ": ", Shouldly.Case.Sensitive, message);
        message.ShouldContain(row.Rule, Shouldly.Case.Sensitive, message);
    }

    [Theory]
    [MemberData(nameof(ValidNames))]
    public async Task The_schema_accepts_the_valid_specs(string name)
    {
        var body = Cluster.Json(All[name]());
        body["metadata"]!["name"] = name.Replace(' ', '-').Replace('.', '-');

        var created = await cluster.CreateAsync(body);

        created.ShouldNotBeNull();
    }

    [Fact]
    public async Task The_schema_accepts_the_repository_samples()
    {
        var samples = RepositorySamples();
        samples.ShouldNotBeEmpty();
        foreach (var (file, yaml) in samples)
        {
            var body = Cluster.Json(FromYaml(yaml));
            body["metadata"]!["name"] = "sample-" + body["metadata"]!["name"]!.GetValue<string>();

            (await cluster.CreateAsync(body)).ShouldNotBeNull(file);
        }
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
