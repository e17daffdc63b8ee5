using System.Text.RegularExpressions;
using KubeContainers.CrdGen;

namespace KubeContainers.Api.Tests.CrdGen;

public sealed class CrdSchemaTests
{
    [Fact]
    public void Every_field_has_a_description()
    {
        var missing = GeneratedCrd.Fields()
            .Where(f => string.IsNullOrWhiteSpace(f.Schema.Description))
            .Select(f => f.Path)
            .ToList();

        missing.ShouldBeEmpty("kubectl explain shows nothing for these fields");
        GeneratedCrd.Root.Description.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Names_scope_and_version_follow_the_contract()
    {
        var crd = GeneratedCrd.Crd;

        crd.Metadata.Name.ShouldBe("managedcontainers.kubecontainers.io");
        crd.Spec.Group.ShouldBe("kubecontainers.io");
        crd.Spec.Scope.ShouldBe("Namespaced");
        crd.Spec.Names.Kind.ShouldBe("ManagedContainer");
        crd.Spec.Names.ListKind.ShouldBe("ManagedContainerList");
        crd.Spec.Names.Plural.ShouldBe("managedcontainers");
        crd.Spec.Names.Singular.ShouldBe("managedcontainer");
        crd.Spec.Names.ShortNames.ShouldBe(["mc"]);
        crd.Spec.Names.Categories.ShouldBe(["all", "kubecontainers"]);
        GeneratedCrd.Version.Name.ShouldBe("v1alpha1");
        GeneratedCrd.Version.Served.ShouldBeTrue();
        GeneratedCrd.Version.Storage.ShouldBeTrue();
        GeneratedCrd.Version.Subresources.Status.ShouldNotBeNull();
    }

    [Fact]
    public void Printer_columns_show_phase_ready_reason_url_age_and_wide_image_sandbox_and_message()
    {
        var columns = GeneratedCrd.Version.AdditionalPrinterColumns
            .Select(c => $"{c.Name}|{c.Type}|{c.JsonPath}|{c.Priority ?? 0}")
            .ToList();

        columns.ShouldBe(
        [
            "Phase|string|.status.phase|0",
            "Ready|string|.status.ready|0",
            "Reason|string|.status.conditions[?(@.type==\"Ready\")].reason|0",
            "URL|string|.status.url|0",
            "Age|date|.metadata.creationTimestamp|0",
            "Image|string|.spec.image|1",
            "Sandbox|string|.status.sandbox|1",
            "Message|string|.status.message|1",
        ]);
        GeneratedCrd.Version.AdditionalPrinterColumns.ShouldAllBe(c => !string.IsNullOrWhiteSpace(c.Description));
    }

    [Fact]
    public void Printer_columns_point_at_fields_of_the_schema()
    {
        foreach (var column in GeneratedCrd.Version.AdditionalPrinterColumns.Where(c => !c.JsonPath.StartsWith(".metadata", StringComparison.Ordinal)))
        {
            // A filter such as [?(@.type=="Ready")] selects list items: check the field in the items' schema.
            var path = Regex.Replace(column.JsonPath, @"\[\?\(.*?\)\]", ".[]").TrimStart('.');
            Should.NotThrow(() => GeneratedCrd.At(path), $"column {column.Name}");
        }
    }

    [Fact]
    public void Schema_is_structural_every_node_has_a_type_and_nothing_is_left_open()
    {
        foreach (var (path, schema) in GeneratedCrd.Fields())
        {
            schema.Type.ShouldNotBeNullOrEmpty($"{path} has no type");
            schema.XKubernetesPreserveUnknownFields.ShouldBeNull($"{path} preserves unknown fields");
            if (schema.Type == "object" && path != "metadata")
            {
                (schema.Properties is not null || schema.AdditionalProperties is not null)
                    .ShouldBeTrue($"{path} is an object without properties");
            }

            if (schema.Type == "array")
            {
                schema.Items.ShouldNotBeNull($"{path} is an array without items");
            }
        }
    }

    [Fact]
    public void Status_is_fully_typed_with_every_field_of_the_contract()
    {
        var status = GeneratedCrd.At("status");

        status.Properties.Keys.Order(StringComparer.Ordinal).ShouldBe(
        [
            "addresses", "admitted", "checks", "completedAt", "conditions", "exitCode", "expiresAt", "history", "image", "internalUrl", "lastDeployedAt", "lastHealthyImage",
            "message", "observedGeneration", "phase", "plan", "ready", "readyReplicas", "replicas", "runtimeClassName", "sandbox", "selector", "url",
        ]);
        GeneratedCrd.At("status.checks").Properties.Keys.Order(StringComparer.Ordinal).ShouldBe(
        [
            "healthCheckPassing", "imagePulled", "networkConfigured", "running", "sandboxAvailable", "scheduled",
            "urlAssigned", "volumesBound",
        ]);
        GeneratedCrd.At("status.phase").EnumProperty.ShouldBe(
            ["Pending", "Deploying", "Running", "Stopped", "Failed", "Succeeded", "Expired", "Deleting"]);
    }

    [Fact]
    public void The_scale_subresource_maps_replicas_and_the_selector_for_kubectl_scale_and_autoscalers()
    {
        var scale = CrdGenerator.Generate(typeof(V1Alpha1ManagedContainer)).Spec.Versions.Single().Subresources.Scale.ShouldNotBeNull();

        (scale.SpecReplicasPath, scale.StatusReplicasPath, scale.LabelSelectorPath).ShouldBe((".spec.replicas", ".status.replicas", ".status.selector"));
        GeneratedCrd.At("status.selector").Type.ShouldBe("string");
        GeneratedCrd.At("status.history").MaxItems.ShouldBe(RolloutRecord.Kept);
    }

    [Fact]
    public void Conditions_are_a_map_list_of_metav1_conditions()
    {
        var conditions = GeneratedCrd.At("status.conditions");

        conditions.XKubernetesListType.ShouldBe("map");
        conditions.XKubernetesListMapKeys.ShouldBe(["type"]);
        GeneratedCrd.At("status.conditions.[]").Required.ShouldBe(["lastTransitionTime", "message", "reason", "status", "type"]);
        GeneratedCrd.At("status.conditions.[].status").EnumProperty.ShouldBe(["True", "False", "Unknown"]);
        GeneratedCrd.At("status.conditions.[].lastTransitionTime").Format.ShouldBe("date-time");
    }

    [Fact]
    public void Spec_has_every_field_of_the_contract()
    {
        GeneratedCrd.At("spec").Properties.Keys.Order(StringComparer.Ordinal).ShouldBe(
        [
            "architecture", "args", "command", "env", "envFrom", "files", "healthCheck", "image", "imagePullSecrets", "labels", "lifetime",
            "mode", "networking", "port", "ports", "replicas", "resources", "restartedAt", "rollout", "sandbox", "secretEnv",
            "securityContext", "stopped", "terminationGracePeriodSeconds", "volumes", "workingDir",
        ]);
        GeneratedCrd.At("spec.securityContext").Properties.Keys.Order(StringComparer.Ordinal).ShouldBe(["fsGroup", "runAsGroup", "runAsUser"]);
        GeneratedCrd.At("spec.resources").Properties.Keys.Order(StringComparer.Ordinal)
            .ShouldBe(["cpu", "ephemeralStorage", "gpu", "memory"]);
        GeneratedCrd.At("spec.healthCheck").Properties.Keys.Order(StringComparer.Ordinal).ShouldBe(
            ["command", "failureThreshold", "initialDelaySeconds", "path", "periodSeconds", "port", "service", "startupSeconds",
                "timeoutSeconds", "type"]);
        GeneratedCrd.At("spec.networking").Properties.Keys.Order(StringComparer.Ordinal)
            .ShouldBe(["egress", "host", "ingress", "loadBalancer", "tls"]);
        GeneratedCrd.At("spec.volumes.[]").Properties.Keys.Order(StringComparer.Ordinal)
            .ShouldBe(["mountPath", "name", "retain", "size", "storageClassName"]);
        GeneratedCrd.At("spec.lifetime").Properties.Keys.Order(StringComparer.Ordinal)
            .ShouldBe(["expiresAt", "onExpiry", "timeoutSeconds"]);
        GeneratedCrd.At("spec.rollout").Properties.Keys.Order(StringComparer.Ordinal)
            .ShouldBe(["autoRollback", "progressDeadlineSeconds"]);
        GeneratedCrd.At("spec.secretEnv.[]").Properties.Keys.Order(StringComparer.Ordinal)
            .ShouldBe(["key", "name", "secretName"]);
        GeneratedCrd.At("spec.files.[]").Properties.Keys.Order(StringComparer.Ordinal)
            .ShouldBe(["configMapName", "content", "key", "mode", "path", "secretName"]);
        GeneratedCrd.At("spec.envFrom.[]").Properties.Keys.Order(StringComparer.Ordinal)
            .ShouldBe(["configMapName", "optional", "prefix", "secretName"]);
    }

    [Fact]
    public void Required_fields_are_required()
    {
        GeneratedCrd.Root.Required.ShouldBe(["spec"]);
        GeneratedCrd.At("spec").Required.ShouldBe(["image"]);
        GeneratedCrd.At("spec.volumes.[]").Required.ShouldBe(["mountPath", "name", "size"]);
        GeneratedCrd.At("spec.secretEnv.[]").Required.ShouldBe(["key", "name", "secretName"]);
    }

    [Theory]
    [InlineData("spec.replicas", "1")]
    [InlineData("spec.mode", "persistent")]
    [InlineData("spec.stopped", "False")]
    [InlineData("spec.rollout.progressDeadlineSeconds", "600")]
    [InlineData("spec.rollout.autoRollback", "True")]
    [InlineData("spec.lifetime.onExpiry", "stop")]
    [InlineData("spec.volumes.[].retain", "False")]
    public void Defaults_are_in_the_schema(string path, string expected) =>
        // spec.networking.egress has none: a plan's defaults.egress fills it where it is left out (else none).
        Convert.ToString(GeneratedCrd.At(path).DefaultProperty, System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBe(expected);

    [Theory]
    [InlineData("spec.networking")]
    [InlineData("spec.rollout")]
    public void Objects_with_defaulted_fields_default_to_empty_so_nested_defaults_apply(string path) =>
        GeneratedCrd.At(path).DefaultProperty.ShouldBeAssignableTo<IDictionary<string, object>>().ShouldBeEmpty();

    [Fact]
    public void Ingress_has_no_schema_default_because_it_depends_on_the_port() =>
        GeneratedCrd.At("spec.networking.ingress").DefaultProperty.ShouldBeNull();

    /// <summary>A schema default would put a path on every check, which the CEL rules then refuse on tcp, grpc and exec;
    /// the type in force depends on whether a path is set (http), so the operator decides it.</summary>
    [Theory]
    [InlineData("spec.healthCheck.path")]
    [InlineData("spec.healthCheck.type")]
    public void Health_check_kind_has_no_schema_default(string path) =>
        GeneratedCrd.At(path).DefaultProperty.ShouldBeNull();

    [Fact]
    public void Health_check_types_are_an_enum() =>
        GeneratedCrd.At("spec.healthCheck.type").EnumProperty
            .ShouldBe(["http", "tcp", "exec", "grpc", "none"]);

    [Theory]
    [InlineData("spec.port", 1d, 65535d)]
    [InlineData("spec.healthCheck.port", 1d, 65535d)]
    [InlineData("spec.healthCheck.periodSeconds", 1d, 3600d)]
    [InlineData("spec.healthCheck.startupSeconds", 1d, 3600d)]
    [InlineData("spec.replicas", 0d, null)]
    [InlineData("spec.resources.gpu", 0d, null)]
    [InlineData("spec.rollout.progressDeadlineSeconds", 1d, null)]
    [InlineData("spec.lifetime.timeoutSeconds", 1d, null)]
    public void Numbers_are_bounded(string path, double minimum, double? maximum)
    {
        GeneratedCrd.At(path).Type.ShouldBe("integer");
        GeneratedCrd.At(path).Minimum.ShouldBe(minimum);
        GeneratedCrd.At(path).Maximum.ShouldBe(maximum);
    }

    [Theory]
    [InlineData("spec.architecture", new[] { "amd64", "arm64" })]
    [InlineData("spec.networking.ingress", new[] { "public", "private", "none" })]
    [InlineData("spec.networking.egress", new[] { "internet", "cluster", "none" })]
    [InlineData("spec.mode", new[] { "persistent", "oneShot" })]
    [InlineData("spec.lifetime.onExpiry", new[] { "stop", "delete" })]
    public void Enumerations_list_their_values(string path, string[] values) =>
        GeneratedCrd.At(path).EnumProperty.ShouldBe(values);

    [Theory]
    [InlineData("spec.restartedAt")]
    [InlineData("spec.lifetime.expiresAt")]
    [InlineData("status.lastDeployedAt")]
    [InlineData("status.completedAt")]
    [InlineData("status.expiresAt")]
    public void Times_are_date_time_strings(string path)
    {
        GeneratedCrd.At(path).Type.ShouldBe("string");
        GeneratedCrd.At(path).Format.ShouldBe("date-time");
    }
}
