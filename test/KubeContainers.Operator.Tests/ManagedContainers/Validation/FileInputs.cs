using System.Text.Json.Nodes;

namespace KubeContainers.Operator.Tests.ManagedContainers.Validation;

/// <summary>
/// The bad spec.files and spec.envFrom inputs the CRD's CEL and schema refuse at admission (FilesAdmissionTests),
/// naming the field and the rule; the operator does not repeat these rules. Each edits the JSON of
/// <see cref="ValidSpecs.WebAppWithFiles"/>: files[0] inline /etc/web/config.yaml, files[1] from a Secret, files[2]
/// from a ConfigMap, files[3] inline /data/seed.sql inside the volume at /data; envFrom[0] a ConfigMap.
/// </summary>
internal static class FileInputs
{
    /// <param name="Name">The case.</param>
    /// <param name="Edit">What to break in the object's JSON.</param>
    /// <param name="Field">The field the refusal names.</param>
    /// <param name="Rule">A fragment of the rule's message.</param>
    /// <param name="AdmissionRule">The schema's own words where it, not a CEL rule, refuses (maximum, pattern).</param>
    public sealed record Case(string Name, Action<JsonObject> Edit, string Field, string Rule, string? AdmissionRule = null);

    private static JsonObject Spec(JsonObject body) => body["spec"]!.AsObject();

    private static JsonObject File(JsonObject body, int index) => Spec(body)["files"]![index]!.AsObject();

    private static Case Path(string name, string path, string rule) =>
        new(name, b => File(b, 2)["path"] = path, "spec.files[2].path", rule);

    public static readonly Case[] All =
    [
        Path("escaping path", "/etc/../x", "must be an absolute path without '..' segments"),
        Path("path ending in ..", "/etc/web/..", "must be an absolute path without '..' segments"),
        Path("relative path", "etc/web/motd", "must be an absolute path without '..' segments") with { AdmissionRule = "should match" },
        Path("path /", "/", "must name a file: not / and not ending in '/'"),
        Path("path ending in /", "/etc/web/", "must name a file: not / and not ending in '/'"),
        Path("path with //", "/etc//web/motd", "must be normalized: no '//' and no '.' segments"),
        Path("path with a . segment", "/etc/./motd", "must be normalized: no '//' and no '.' segments"),
        Path("path under /proc", "/proc/self/motd", "must not be /proc, /sys, /dev or under them"),
        new("duplicate path", b => File(b, 2)["path"] = "/etc/web/config.yaml", "spec.files", "paths must be unique"),
        new("path inside another file's", b => File(b, 2)["path"] = "/etc/web/config.yaml/motd", "spec.files", "a path must not be inside another file's path"),
        new("path at a volume's mountPath", b => File(b, 2)["path"] = "/data", "spec.files", "a path must not be a spec.volumes mountPath nor contain one"),
        new("path containing a volume's mountPath", b => File(b, 2)["path"] = "/var/cache", "spec.files", "a path must not be a spec.volumes mountPath nor contain one"),
        new("two sources", b => File(b, 0)["secretName"] = "web.tls", "spec.files[0]", "set exactly one of content, secretName and configMapName"),
        new("no source", b => File(b, 2).Remove("configMapName"), "spec.files[2]", "set exactly one of content, secretName and configMapName"),
        new("key without a reference", b => File(b, 0)["key"] = "config", "spec.files[0].key", "required with secretName or configMapName, and only with them"),
        new("reference without a key", b => File(b, 1).Remove("key"), "spec.files[1].key", "required with secretName or configMapName, and only with them"),
        new("content over 256 KiB in all", b =>
        {
            File(b, 0)["content"] = new string('a', 200 * 1024);
            File(b, 3)["content"] = new string('b', 56 * 1024 + 1);
        }, "spec.files", "inline content must total at most 256 KiB (262144 bytes of UTF-8)"),
        new("content over 256 KiB in UTF-8 bytes", b => File(b, 0)["content"] = new string('é', 128 * 1024 + 1),
            "spec.files", "inline content must total at most 256 KiB (262144 bytes of UTF-8)"),
        new("mode above 0777", b => File(b, 1)["mode"] = 512, "spec.files[1].mode", "between 0 and 0777", "should be less than or equal to 511"),
        new("negative mode", b => File(b, 1)["mode"] = -1, "spec.files[1].mode", "between 0 and 0777", "should be greater than or equal to 0"),
        new("envFrom with two sources", b => Spec(b)["envFrom"]![0]!["secretName"] = "web.tls", "spec.envFrom[0]", "set exactly one of secretName and configMapName"),
        new("envFrom without a source", b => Spec(b)["envFrom"]![0]!.AsObject().Remove("configMapName"), "spec.envFrom[0]", "set exactly one of secretName and configMapName"),
    ];

    /// <summary>What only the schema refuses (patterns, bounds), which the operator never sees.</summary>
    public static readonly Case[] SchemaOnly =
    [
        new("more than 32 files", b => Spec(b)["files"] = new JsonArray([.. Enumerable.Range(0, 33).Select(i => (JsonNode)new JsonObject
        {
            ["path"] = $"/etc/f{i}", ["content"] = "x",
        })]), "spec.files", "must have at most 32 items"),
        new("secret name not a subdomain", b => File(b, 1)["secretName"] = "Web_TLS", "spec.files[1].secretName", "should match"),
        new("key ..", b => File(b, 1)["key"] = "..", "spec.files[1].key", "should match"),
        new("envFrom prefix not a variable name", b => Spec(b)["envFrom"]![0]!["prefix"] = "1-", "spec.envFrom[0].prefix", "should match"),
        new("envFrom ConfigMap name not a subdomain", b => Spec(b)["envFrom"]![0]!["configMapName"] = "Web", "spec.envFrom[0].configMapName", "should match"),
    ];
}
