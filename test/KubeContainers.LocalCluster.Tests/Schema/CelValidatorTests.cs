using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Schema;

namespace KubeContainers.LocalCluster.Tests.Schema;

/// <summary>
/// The CRD's x-kubernetes-validations evaluated as kube-apiserver 1.31 evaluates them: every rule of the project's
/// CRD on a good and a bad object, transition rules, messageExpression, reason, fieldPath, ratcheting and the
/// functions of Kubernetes' CEL environment.
/// </summary>
public sealed class CelValidatorTests
{
    private static readonly CelValidator Project = CelValidator.For(ProjectCrd.Schema)!;

    /// <summary>A ManagedContainer named <paramref name="name"/> with <paramref name="spec"/> (JSON).</summary>
    private static JsonObject Container(string spec, string name = "web") =>
        JsonNode.Parse($$$"""{"apiVersion":"kubecontainers.io/v1alpha1","kind":"ManagedContainer","metadata":{"name":"{{{name}}}","namespace":"shop","labels":{"x":"y"}},"spec":{{{spec}}}}""")!.AsObject();

    private static string[] Errors(CelValidator validator, JsonObject obj, JsonObject? old = null)
    {
        var (errors, _) = validator.Validate(obj, old);
        return errors.Select(e => e.ToString()).ToArray();
    }

    public static TheoryData<string, string> GoodSpecs => new()
    {
        { "minimal", """{"image":"nginx"}""" },
        { "everything the rules look at", """
            {"image":"nginx","port":8080,"replicas":1,"mode":"oneShot",
             "env":{"A_1":"x","_b":"y"},"imagePullSecrets":["a","b"],
             "labels":{"tier":"web","example.com/team":"shop"},
             "lifetime":{"timeoutSeconds":60},
             "secretEnv":[{"name":"A","secretName":"s","key":"k"},{"name":"B","secretName":"s","key":"k"}],
             "volumes":[{"name":"data","mountPath":"/data","size":"1Gi"},{"name":"cache","mountPath":"/data2","size":"1Gi"}],
             "healthCheck":{"path":"/healthz"},
             "networking":{"host":"web.example.com","ingress":"public"}}
            """ },
        { "health check with its own port and no service", """{"image":"nginx","healthCheck":{"type":"tcp","port":9000}}""" },
        { "worker without ingress", """{"image":"nginx","networking":{"ingress":"none"}}""" },
        { "lifetime by expiry", """{"image":"nginx","lifetime":{"expiresAt":"2030-01-01T00:00:00Z"}}""" },
        { "a mount path that merely starts like a system one", """{"image":"nginx","volumes":[{"name":"d","mountPath":"/device","size":"1Gi"}]}""" },
        { "a mount path with dots in a name", """{"image":"nginx","volumes":[{"name":"d","mountPath":"/data/..x/a..b","size":"1Gi"}]}""" },
    };

    [Theory]
    [MemberData(nameof(GoodSpecs))]
    public void Every_rule_of_the_project_CRD_passes_a_good_object(string why, string spec)
    {
        Errors(Project, Container(spec)).ShouldBeEmpty(why);
    }

    public static TheoryData<string, string, string> BadSpecs => new()
    {
        { "web", """{"image":"nginx","env":{"1X":"a"}}""",
            "spec.env: Invalid value: \"object\": spec.env: keys must be environment variable names: letters, digits and '_', not starting with a digit" },
        { "web", """{"image":"nginx","env":{"A-B":"a"}}""",
            "spec.env: Invalid value: \"object\": spec.env: keys must be environment variable names: letters, digits and '_', not starting with a digit" },
        { "web", """{"image":"nginx","imagePullSecrets":["a","a"]}""",
            "spec.imagePullSecrets: Invalid value: \"array\": spec.imagePullSecrets: names must be unique" },
        { "web", """{"image":"nginx","labels":{"kubecontainers.io/owner":"x"}}""",
            "spec.labels: Invalid value: \"object\": spec.labels: app.kubernetes.io/managed-by, app.kubernetes.io/name and kubecontainers.io/ keys are reserved for the operator" },
        { "web", """{"image":"nginx","labels":{"app.kubernetes.io/name":"x"}}""",
            "spec.labels: Invalid value: \"object\": spec.labels: app.kubernetes.io/managed-by, app.kubernetes.io/name and kubecontainers.io/ keys are reserved for the operator" },
        { "web", """{"image":"nginx","labels":{"-bad":"x"}}""",
            "spec.labels: Invalid value: \"object\": spec.labels: keys must be qualified names: an optional DNS subdomain prefix of at most 253 characters and '/', then a name of at most 63 characters of [A-Za-z0-9._-] starting and ending with a letter or digit" },
        { "web", """{"image":"nginx","lifetime":{"timeoutSeconds":5,"expiresAt":"2030-01-01T00:00:00Z"}}""",
            "spec.lifetime: Invalid value: \"object\": spec.lifetime: set exactly one of timeoutSeconds and expiresAt" },
        { "web", """{"image":"nginx","lifetime":{"onExpiry":"stop"}}""",
            "spec.lifetime: Invalid value: \"object\": spec.lifetime: set exactly one of timeoutSeconds and expiresAt" },
        { "web", """{"image":"nginx","secretEnv":[{"name":"A","secretName":"s","key":"k"},{"name":"A","secretName":"t","key":"k"}]}""",
            "spec.secretEnv: Invalid value: \"array\": spec.secretEnv: names must be unique" },
        { "web", """{"image":"nginx","volumes":[{"name":"d","mountPath":"/data/../etc","size":"1Gi"}]}""",
            "spec.volumes[0].mountPath: Invalid value: \"string\": spec.volumes[].mountPath: must not contain a .. segment" },
        { "web", """{"image":"nginx","volumes":[{"name":"d","mountPath":"/proc/x","size":"1Gi"}]}""",
            "spec.volumes[0].mountPath: Invalid value: \"string\": spec.volumes[].mountPath: must not be /proc, /sys, /dev or under them" },
        { "web", """{"image":"nginx","volumes":[{"name":"d","mountPath":"/dev","size":"1Gi"}]}""",
            "spec.volumes[0].mountPath: Invalid value: \"string\": spec.volumes[].mountPath: must not be /proc, /sys, /dev or under them" },
        { "web", """{"image":"nginx","volumes":[{"name":"d","mountPath":"/","size":"1Gi"}]}""",
            "spec.volumes[0].mountPath: Invalid value: \"string\": spec.volumes[].mountPath: must not be /" },
        { "web", """{"image":"nginx","volumes":[{"name":"a","mountPath":"/data","size":"1Gi"},{"name":"b","mountPath":"/data/cache","size":"1Gi"}]}""",
            "spec.volumes: Invalid value: \"array\": spec.volumes: a mountPath must not be inside another volume's mountPath" },
        { "web", """{"image":"nginx","volumes":[{"name":"a","mountPath":"/data","size":"1Gi"},{"name":"b","mountPath":"/data","size":"1Gi"}]}""",
            "spec.volumes: Invalid value: \"array\": spec.volumes: mountPaths must be unique" },
        { "web", """{"image":"nginx","volumes":[{"name":"a","mountPath":"/x","size":"1Gi"},{"name":"a","mountPath":"/y","size":"1Gi"}]}""",
            "spec.volumes: Invalid value: \"array\": spec.volumes: names must be unique" },
        { "web", """{"image":"nginx","healthCheck":{"path":"/healthz"}}""",
            "spec.healthCheck: Invalid value: \"object\": spec.healthCheck: an http, tcp or grpc check requires spec.port, a TCP port in spec.ports or spec.healthCheck.port: there is no port to probe" },
        { "web", """{"image":"nginx","healthCheck":{}}""",
            "spec.healthCheck: Invalid value: \"object\": spec.healthCheck: an http, tcp or grpc check requires spec.port, a TCP port in spec.ports or spec.healthCheck.port: there is no port to probe" },
        { "web", """{"image":"nginx","networking":{"host":"web.example.com"}}""",
            "spec.networking.host: Invalid value: \"object\": spec.networking.host: requires an HTTP port (spec.port, or in spec.ports the one with http: true or the only TCP port) and networking.ingress public" },
        { "web", """{"image":"nginx","port":80,"networking":{"host":"web.example.com","ingress":"private"}}""",
            "spec.networking.host: Invalid value: \"object\": spec.networking.host: requires an HTTP port (spec.port, or in spec.ports the one with http: true or the only TCP port) and networking.ingress public" },
        { "web", """{"image":"nginx","networking":{"ingress":"private"}}""",
            "spec.networking.ingress: Invalid value: \"object\": spec.networking.ingress: public requires an HTTP port (spec.port, or in spec.ports the one with http: true or the only TCP port) and private requires a port; a container without a port takes none" },
        { "web", """{"image":"nginx","mode":"oneShot","replicas":2}""",
            "spec.replicas: Invalid value: \"object\": spec.replicas: must be 0 or 1 when spec.mode is oneShot" },
        { "1web", """{"image":"nginx","port":80}""",
            "<nil>: Invalid value: \"object\": metadata.name: must be a DNS-1035 label (lower case letters, digits and '-', starting with a letter) when spec.port or spec.ports is set: it is the Service's name" },
        { "web.shop", """{"image":"nginx","port":80}""",
            "<nil>: Invalid value: \"object\": metadata.name: must be a DNS-1035 label (lower case letters, digits and '-', starting with a letter) when spec.port or spec.ports is set: it is the Service's name" },
        { "web", """{"image":"nginx","ports":[{"name":"a","port":80,"http":true},{"name":"b","port":81,"http":true}]}""",
            "spec.ports: Invalid value: \"array\": spec.ports: at most one port may have http: true" },
        { "web", """{"image":"nginx","ports":[{"name":"web","port":80},{"name":"dns","port":53,"protocol":"UDP","http":true}]}""",
            "spec.ports[1].http: Invalid value: \"object\": spec.ports[].http: only a TCP port can be the HTTP port" },
        { "web", """{"image":"nginx","ports":[{"name":"a","port":53,"protocol":"UDP"},{"name":"b","port":53,"protocol":"UDP"}]}""",
            "spec.ports: Invalid value: \"array\": spec.ports: a port and protocol pair must be unique" },
        { "web", """{"image":"nginx","port":80,"ports":[{"name":"web","port":80}]}""",
            "spec.ports: Invalid value: \"object\": spec.ports: not with spec.port: spec.port is the shorthand for one HTTP port; list every port in spec.ports instead" },
        { "web", """{"image":"nginx","port":80,"networking":{"loadBalancer":true}}""",
            "spec.networking.loadBalancer: Invalid value: \"object\": spec.networking.loadBalancer: requires a port in spec.ports besides the HTTP port: the load balancer carries the ports the Ingress does not" },
        { "web", """{"image":"nginx","ports":[{"name":"redis","port":6379,"http":false}],"networking":{"ingress":"public"}}""",
            "spec.networking.ingress: Invalid value: \"object\": spec.networking.ingress: public requires an HTTP port (spec.port, or in spec.ports the one with http: true or the only TCP port) and private requires a port; a container without a port takes none" },
        { "1web", """{"image":"nginx","ports":[{"name":"dns","port":53,"protocol":"UDP"}]}""",
            "<nil>: Invalid value: \"object\": metadata.name: must be a DNS-1035 label (lower case letters, digits and '-', starting with a letter) when spec.port or spec.ports is set: it is the Service's name" },
        { new string('a', 61), """{"image":"nginx","ports":[{"name":"web","port":80},{"name":"dns","port":53,"protocol":"UDP"}],"networking":{"loadBalancer":true}}""",
            "<nil>: Invalid value: \"object\": metadata.name: must be no more than 60 characters with spec.networking.loadBalancer: the load balancer Service is <name>-lb" },
        { new string('a', 64), """{"image":"nginx"}""",
            "<nil>: Invalid value: \"object\": metadata.name: must be no more than 63 characters: it is a label value on every child" },
    };

    [Theory]
    [MemberData(nameof(BadSpecs))]
    public void Every_rule_of_the_project_CRD_refuses_its_bad_object_in_the_apiservers_words(string name, string spec, string expected)
    {
        Errors(Project, Container(spec, name)).ShouldBe([expected]);
    }

    [Fact]
    public void A_worker_name_may_be_any_subdomain_of_up_to_63_characters()
    {
        Errors(Project, Container("""{"image":"nginx"}""", "1web.shop")).ShouldBeEmpty();
    }

    [Fact]
    public void The_project_CRD_compiles_without_an_error()
    {
        CelValidator.CheckDefinition(ProjectCrd.Schema, "spec.validation.openAPIV3Schema").ShouldBeEmpty();
    }

    // ---- the rule machinery, on small schemas

    private static JsonObject Schema(string specProperties, string specRules = "[]") => JsonNode.Parse(
        """{"type":"object","properties":{"spec":{"type":"object","x-kubernetes-validations":""" + specRules + ""","properties":""" + specProperties + "}}}")!.AsObject();

    private static JsonObject Object(string spec) => JsonNode.Parse($$$"""{"metadata":{"name":"x"},"spec":{{{spec}}}}""")!.AsObject();

    [Fact]
    public void A_transition_rule_runs_only_on_an_update_with_an_old_value()
    {
        var validator = CelValidator.For(Schema("""{"class":{"type":"string","x-kubernetes-validations":[{"rule":"self == oldSelf","message":"Value is immutable"}]}}"""))!;

        Errors(validator, Object("""{"class":"a"}""")).ShouldBeEmpty("a create has no old value");
        Errors(validator, Object("""{"class":"b"}"""), Object("{}")).ShouldBeEmpty("the field did not exist before");
        Errors(validator, Object("""{"class":"a"}"""), Object("""{"class":"a"}""")).ShouldBeEmpty();
        Errors(validator, Object("""{"class":"b"}"""), Object("""{"class":"a"}"""))
            .ShouldBe(["spec.class: Invalid value: \"string\": Value is immutable"]);
    }

    [Fact]
    public void A_transition_rule_compares_with_the_old_item_of_the_same_key_in_a_map_list()
    {
        var validator = CelValidator.For(Schema("""
            {"ports":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],
              "items":{"type":"object","properties":{"name":{"type":"string"},"port":{"type":"integer"}},
                "x-kubernetes-validations":[{"rule":"self.port >= oldSelf.port","message":"a port may only grow"}]}}}
            """))!;

        Errors(validator, Object("""{"ports":[{"name":"b","port":1},{"name":"a","port":5}]}"""), Object("""{"ports":[{"name":"a","port":4},{"name":"b","port":2}]}"""))
            .ShouldBe(["spec.ports[0]: Invalid value: \"object\": a port may only grow"]);
    }

    [Fact]
    public void Without_a_message_the_error_quotes_the_rule()
    {
        var validator = CelValidator.For(Schema("""{"min":{"type":"integer"},"max":{"type":"integer"}}""", """[{"rule":"self.min <= self.max"}]"""))!;

        Errors(validator, Object("""{"min":2,"max":1}""")).ShouldBe(["spec: Invalid value: \"object\": failed rule: self.min <= self.max"]);
    }

    [Fact]
    public void A_message_expression_writes_the_message_and_a_failing_one_falls_back_to_the_message()
    {
        var validator = CelValidator.For(Schema("""{"replicas":{"type":"integer"}}""", """
            [{"rule":"self.replicas <= 10","messageExpression":"'replicas must be at most 10, not ' + string(self.replicas)"},
             {"rule":"self.replicas <= 5","message":"at most 5","messageExpression":"self.missing + 'x'"}]
            """))!;

        Errors(validator, Object("""{"replicas":12}""")).ShouldBe([
            "spec: Invalid value: \"object\": replicas must be at most 10, not 12",
            "spec: Invalid value: \"object\": at most 5",
        ]);
    }

    [Theory]
    [InlineData("FieldValueForbidden", "spec.mode: Forbidden: no debug mode")]
    [InlineData("FieldValueRequired", "spec.mode: Required value: no debug mode")]
    [InlineData("FieldValueDuplicate", "spec.mode: Duplicate value: \"object\"")]
    [InlineData("FieldValueInvalid", "spec.mode: Invalid value: \"object\": no debug mode")]
    public void The_reason_and_field_path_shape_the_error(string reason, string expected)
    {
        var validator = CelValidator.For(Schema("""{"mode":{"type":"string"}}""",
            $$"""[{"rule":"self.mode != 'debug'","message":"no debug mode","reason":"{{reason}}","fieldPath":".mode"}]"""))!;

        var (errors, _) = validator.Validate(Object("""{"mode":"debug"}"""), null);

        errors.Select(e => e.ToString()).ShouldBe([expected]);
        errors[0].Reason.ShouldBe(reason);
    }

    [Fact]
    public void A_field_path_into_a_map_names_the_key()
    {
        var validator = CelValidator.For(Schema("""{"limits":{"type":"object","additionalProperties":{"type":"integer"}}}""",
            """[{"rule":"!has(self.limits) || !('cpu' in self.limits) || self.limits['cpu'] < 8","message":"too many CPUs","fieldPath":".limits['cpu']"}]"""))!;

        Errors(validator, Object("""{"limits":{"cpu":9}}""")).ShouldBe(["spec.limits[cpu]: Invalid value: \"object\": too many CPUs"]);
    }

    [Fact]
    public void An_unchanged_value_that_breaks_a_rule_only_warns_on_update_ratcheting()
    {
        var validator = CelValidator.For(Schema("""{"a":{"type":"string","x-kubernetes-validations":[{"rule":"self.size() <= 3","message":"too long"}]},"b":{"type":"integer"}}"""))!;
        var old = Object("""{"a":"long","b":1}""");

        var (errors, warnings) = validator.Validate(Object("""{"a":"long","b":2}"""), old);
        errors.ShouldBeEmpty();
        warnings.ShouldBe(["spec.a: Invalid value: \"string\": too long"]);

        Errors(validator, Object("""{"a":"longer","b":1}"""), old).ShouldBe(["spec.a: Invalid value: \"string\": too long"]);
        Errors(validator, Object("""{"a":"long","b":1}""")).ShouldBe(["spec.a: Invalid value: \"string\": too long"], "a create is never ratcheted");
    }

    [Fact]
    public void A_runtime_error_is_reported_with_the_rule()
    {
        var validator = CelValidator.For(Schema("""{"n":{"type":"integer"}}""", """[{"rule":"10 / self.n > 1","message":"n too big"}]"""))!;

        Errors(validator, Object("""{"n":0}""")).ShouldBe(["spec: Invalid value: \"object\": division by zero evaluating rule: n too big"]);
    }

    [Fact]
    public void A_missing_field_read_without_has_is_a_no_such_key_error()
    {
        var validator = CelValidator.For(Schema("""{"n":{"type":"integer"}}""", """[{"rule":"self.n > 1"}]"""))!;

        Errors(validator, Object("{}")).ShouldBe(["spec: Invalid value: \"object\": no such key: n evaluating rule: self.n > 1"]);
    }

    [Fact]
    public void A_rule_at_the_root_sees_only_name_and_generate_name_of_the_metadata()
    {
        var schema = JsonNode.Parse("""{"type":"object","properties":{"spec":{"type":"object"}},"x-kubernetes-validations":[{"rule":"self.metadata.name.startsWith('x')"}]}""")!.AsObject();
        CelValidator.For(schema)!.Validate(Object("{}"), null).Errors.ShouldBeEmpty();

        var reading = JsonNode.Parse("""{"type":"object","x-kubernetes-validations":[{"rule":"has(self.metadata.labels)"}]}""")!.AsObject();
        CelValidator.CheckDefinition(reading, "spec.validation.openAPIV3Schema").Select(e => e.ToString()).Single()
            .ShouldEndWith("compilation failed: ERROR: <input>:1:4: undefined field 'labels'\n | has(self.metadata.labels)\n | ...^");
    }

    [Theory]
    [InlineData("self.name.lowerAscii() == 'web'", """{"name":"WEB"}""", true)]
    [InlineData("self.name.upperAscii() == 'WEB'", """{"name":"web"}""", true)]
    [InlineData("self.name.split('-') == ['a', 'b', 'c']", """{"name":"a-b-c"}""", true)]
    [InlineData("self.name.split('-', 2) == ['a', 'b-c']", """{"name":"a-b-c"}""", true)]
    [InlineData("self.tags.join(',') == 'x,y'", """{"tags":["x","y"]}""", true)]
    [InlineData("self.name.replace('-', '.') == 'a.b.c'", """{"name":"a-b-c"}""", true)]
    [InlineData("self.name.indexOf('b') == 2 && self.name.lastIndexOf('-') == 3", """{"name":"a-b-c"}""", true)]
    [InlineData("self.name.substring(2, 3) == 'b' && self.name.charAt(0) == 'a'", """{"name":"a-b-c"}""", true)]
    [InlineData("self.name.trim() == 'x'", """{"name":"  x \t"}""", true)]
    [InlineData("self.name.startsWith('a') && self.name.endsWith('c') && self.name.contains('-b-')", """{"name":"a-b-c"}""", true)]
    [InlineData("self.name.matches('^[a-z]+$')", """{"name":"abc\n"}""", false)]
    [InlineData("self.name.find('[0-9]+') == '42'", """{"name":"v42x"}""", true)]
    [InlineData("self.tags.exists(t, t == 'y') && self.tags.exists_one(t, t == 'x') && !self.tags.all(t, t == 'x')", """{"tags":["x","y"]}""", true)]
    [InlineData("self.tags.map(t, t + '!') == ['x!', 'y!'] && self.tags.filter(t, t != 'x') == ['y']", """{"tags":["x","y"]}""", true)]
    [InlineData("self.nums.isSorted() && self.nums.sum() == 6 && self.nums.min() == 1 && self.nums.max() == 3", """{"nums":[1,2,3]}""", true)]
    [InlineData("size(self.name) == 3 && self.name.size() == 3", """{"name":"äöü"}""", true)]
    [InlineData("size(bytes(self.name)) == 6 && bytes(self.name).size() == 6", """{"name":"äöü"}""", true)]
    [InlineData("self.tags.map(t, size(bytes(t))).sum() == 3", """{"tags":["é","x"]}""", true)]
    [InlineData("has(self.name)", """{"name":""}""", true)]
    [InlineData("has(self.tags)", """{"tags":[]}""", true)]
    [InlineData("!has(self.name)", """{}""", true)]
    [InlineData("self.at < timestamp('2030-01-01T00:00:00Z')", """{"at":"2029-06-01T00:00:00Z"}""", true)]
    [InlineData("self.every > duration('1m')", """{"every":"1h30m"}""", true)]
    public void Kubernetes_functions_evaluate_as_in_cel_go(string rule, string spec, bool holds)
    {
        var validator = CelValidator.For(Schema("""
            {"name":{"type":"string"},"tags":{"type":"array","items":{"type":"string"}},"nums":{"type":"array","items":{"type":"integer"}},
             "at":{"type":"string","format":"date-time"},"every":{"type":"string","format":"duration"}}
            """, $$"""[{"rule":{{Quote(rule)}},"message":"no"}]"""))!;

        Errors(validator, Object(spec)).Length.ShouldBe(holds ? 0 : 1);
    }

    [Fact]
    public void A_rule_with_optional_old_self_runs_on_create_with_an_empty_optional()
    {
        var validator = CelValidator.For(Schema("""{"v":{"type":"integer","x-kubernetes-validations":[{"rule":"!oldSelf.hasValue() || self >= oldSelf.value()","optionalOldSelf":true,"message":"may only grow"}]}}"""))!;

        Errors(validator, Object("""{"v":1}""")).ShouldBeEmpty();
        Errors(validator, Object("""{"v":1}"""), Object("""{"v":2}""")).ShouldBe(["spec.v: Invalid value: \"integer\": may only grow"]);
    }

    [Fact]
    public void Property_names_are_escaped_as_the_apiserver_escapes_them()
    {
        var validator = CelValidator.For(Schema("""{"max-size":{"type":"integer"},"namespace":{"type":"string"},"a.b":{"type":"string"}}""",
            """[{"rule":"self.max__dash__size <= 3 && self.__namespace__ == 'x' && has(self.a__dot__b)","message":"no"}]"""))!;

        Errors(validator, Object("""{"max-size":2,"namespace":"x","a.b":"y"}""")).ShouldBeEmpty();
        Errors(validator, Object("""{"max-size":4,"namespace":"x","a.b":"y"}""")).ShouldBe(["spec: Invalid value: \"object\": no"]);
    }

    [Fact]
    public void A_rule_reads_an_embedded_resources_kind_and_name()
    {
        var schema = Schema("""{"template":{"type":"object","x-kubernetes-embedded-resource":true,"properties":{"spec":{"type":"object"}}}}""",
            """[{"rule":"self.template.kind == 'Pod' && self.template.metadata.name.startsWith('p')","message":"a pod named p..."}]""");

        CelValidator.CheckDefinition(schema, "spec.validation.openAPIV3Schema").ShouldBeEmpty();
        Errors(CelValidator.For(schema)!, Object("""{"template":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"pod"}}}""")).ShouldBeEmpty();
    }

    [Fact]
    public void A_rule_compares_quantities_exactly_and_an_invalid_quantity_is_a_runtime_error()
    {
        var validator = CelValidator.For(Schema("""{"cpu":{"type":"string"},"maxCpu":{"type":"string"}}""",
            """[{"rule":"!quantity(self.cpu).isGreaterThan(quantity(self.maxCpu))","messageExpression":"'cpu ' + self.cpu + ' exceeds ' + self.maxCpu"}]"""))!;

        Errors(validator, Object("""{"cpu":"1","maxCpu":"1000m"}""")).ShouldBeEmpty();
        Errors(validator, Object("""{"cpu":"999999999n","maxCpu":"1"}""")).ShouldBeEmpty();
        Errors(validator, Object("""{"cpu":"1001m","maxCpu":"1"}""")).ShouldBe(["spec: Invalid value: \"object\": cpu 1001m exceeds 1"]);
        var guarded = CelValidator.For(Schema("""{"cpu":{"type":"string"}}""",
            """[{"rule":"!has(self.cpu) || quantity(self.cpu).isLessThan(quantity('2'))","message":"at most 2"}]"""))!;
        Errors(guarded, Object("""{"cpu":"1.5"}""")).ShouldBeEmpty();
        Errors(guarded, Object("""{"cpu":"2K"}""")).ShouldBe(["spec: Invalid value: \"object\": unable to parse quantity's suffix evaluating rule: at most 2"]);
        Errors(validator, Object("""{"cpu":"2 cores","maxCpu":"1"}""")).ShouldBe([
            "spec: Invalid value: \"object\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' evaluating rule: !quantity(self.cpu).isGreaterThan(quantity(self.maxCpu))"]);
    }

    // ---- compilation, as the CRD is written

    /// <summary>A JSON (and Go) string literal of <paramref name="text"/>, without escaping what need not be.</summary>
    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    [Theory]
    [InlineData("self.prot == 1", "compilation failed: ERROR: <input>:1:5: undefined field 'prot'\n | self.prot == 1\n | ....^")]
    [InlineData("!has(self.prot)", "compilation failed: ERROR: <input>:1:5: undefined field 'prot'\n | !has(self.prot)\n | ....^")]
    [InlineData("isCIDR(self.port)", "compilation failed: ERROR: <input>:1:7: undeclared reference to 'isCIDR' (in container '')\n | isCIDR(self.port)\n | ......^")]
    [InlineData("self.host.lowerAsci() == 'x'", "compilation failed: ERROR: <input>:1:20: undeclared reference to 'lowerAsci' (in container '')\n | self.host.lowerAsci() == 'x'\n | ...................^")]
    [InlineData("self.host.isGreaterThan(quantity('1'))", "compilation failed: ERROR: <input>:1:24: found no matching overload for 'isGreaterThan' applied to 'string.(kubernetes.Quantity)'\n | self.host.isGreaterThan(quantity('1'))\n | .......................^")]
    [InlineData("quantity(self.host) < quantity('1')", "compilation failed: ERROR: <input>:1:21: found no matching overload for '_<_' applied to '(kubernetes.Quantity, kubernetes.Quantity)'\n | quantity(self.host) < quantity('1')\n | ....................^")]
    [InlineData("other.port > 1", "compilation failed: ERROR: <input>:1:1: undeclared reference to 'other' (in container '')\n | other.port > 1\n | ^")]
    [InlineData("self.port >", "compilation failed: ERROR: <input>:1:12: Syntax error: mismatched input '<EOF>'")]
    public void A_rule_that_does_not_compile_refuses_the_definition(string rule, string expected)
    {
        var schema = Schema("""{"port":{"type":"integer"},"host":{"type":"string"}}""", $$"""[{"rule":{{Quote(rule)}}}]""");

        var error = CelValidator.CheckDefinition(schema, "spec.validation.openAPIV3Schema").ShouldHaveSingleItem();

        error.Field.ShouldBe("spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule");
        error.Reason.ShouldBe("FieldValueInvalid");
        error.Message.ShouldStartWith($"Invalid value: apiextensions.ValidationRule{{Rule:{Quote(rule)}, Message:\"\", MessageExpression:\"\", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:\"\", OptionalOldSelf:(*bool)(nil)}}: ");
        error.Message.ShouldContain(expected);
    }

    [Fact]
    public void A_bad_message_expression_reason_or_field_path_refuses_the_definition()
    {
        var schema = Schema("""{"port":{"type":"integer"}}""", """
            [{"rule":"self.port > 0","messageExpression":"self.nope","reason":"Wrong","fieldPath":".nope"}]
            """);

        CelValidator.CheckDefinition(schema, "spec.validation.openAPIV3Schema").Select(e => e.ToString()).ShouldBe([
            "spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].messageExpression: Invalid value: \"self.nope\": messageExpression compilation failed: ERROR: <input>:1:5: undefined field 'nope'\n | self.nope\n | ....^",
            "spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].reason: Unsupported value: \"Wrong\": supported values: \"FieldValueDuplicate\", \"FieldValueForbidden\", \"FieldValueInvalid\", \"FieldValueRequired\"",
            "spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].fieldPath: Invalid value: \".nope\": fieldPath must be a valid path: does not refer to a valid field",
        ]);
    }
}
