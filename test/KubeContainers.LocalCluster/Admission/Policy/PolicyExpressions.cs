using System.Text.Json.Nodes;
using Cel;
using KubeContainers.LocalCluster.Schema;

namespace KubeContainers.LocalCluster.Admission.Policy;

/// <summary>
/// The CEL environment of a ValidatingAdmissionPolicy's expressions, as the apiserver declares it
/// (plugin/cel/compile.go): <c>object</c>, <c>oldObject</c>, <c>request</c>, <c>namespaceObject</c> and
/// <c>variables</c>, plus <c>params</c> only when the policy has a <c>paramKind</c>. <c>request</c> has the fields of
/// an admission.k8s.io AdmissionRequest (a misspelt field does not compile); the others are dynamic here (upstream
/// types them from the OpenAPI schema when it can). <c>authorizer</c> is not declared: an expression using it is
/// refused as an undeclared reference (see the README).
/// </summary>
internal sealed class PolicyExpressions
{
    private readonly CelEnvironment env = CelLibrary.NewEnvironment();
    private readonly Dictionary<string, JsonObject?> declared;
    private readonly JsonObject variablesType = new() { ["type"] = "object", ["properties"] = new JsonObject() };

    public PolicyExpressions(bool hasParams)
    {
        declared = new(StringComparer.Ordinal)
        {
            ["object"] = null,
            ["oldObject"] = null,
            ["request"] = RequestType(),
            ["namespaceObject"] = null,
            ["variables"] = variablesType,
        };
        if (hasParams)
        {
            declared["params"] = null;
        }
    }

    /// <summary>Declares <c>variables.NAME</c> for the expressions compiled after this one (upstream's composition:
    /// a variable sees only those declared before it).</summary>
    public void DeclareVariable(string name) => variablesType["properties"]!.AsObject()[name] = new JsonObject();

    /// <summary>The program of <paramref name="expression"/>, or null with the apiserver's detail
    /// (<c>compilation failed: ERROR: &lt;input&gt;:1:8: undeclared reference to 'x' (in container '')...</c>).</summary>
    public CelProgramDelegate? Compile(string expression, out string? error)
    {
        var tree = CelCheck.Check(env, expression, declared, out var checkError);
        if (tree is null)
        {
            error = "compilation failed: " + checkError;
            return null;
        }

        error = null;
        return env.Compile(tree);
    }

    /// <summary>admission.k8s.io/v1 AdmissionRequest's fields, as the checker knows them.</summary>
    private static JsonObject RequestType()
    {
        static JsonObject Str() => new() { ["type"] = "string" };
        static JsonObject Obj(params (string Name, JsonObject Type)[] fields) => new()
        {
            ["type"] = "object",
            [CelCheck.NativeFields] = true,
            ["properties"] = new JsonObject(fields.Select(f => KeyValuePair.Create(f.Name, (JsonNode?)f.Type))),
        };

        JsonObject Gvk() => Obj(("group", Str()), ("version", Str()), ("kind", Str()));
        JsonObject Gvr() => Obj(("group", Str()), ("version", Str()), ("resource", Str()));
        return Obj(
            ("uid", Str()), ("kind", Gvk()), ("resource", Gvr()), ("subResource", Str()),
            ("requestKind", Gvk()), ("requestResource", Gvr()), ("requestSubResource", Str()),
            ("name", Str()), ("namespace", Str()), ("operation", Str()),
            ("userInfo", Obj(("username", Str()), ("uid", Str()), ("groups", new JsonObject { ["type"] = "array", ["items"] = Str() }),
                ("extra", new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "array", ["items"] = Str() } }))),
            ("object", new JsonObject { ["x-kubernetes-preserve-unknown-fields"] = true }),
            ("oldObject", new JsonObject { ["x-kubernetes-preserve-unknown-fields"] = true }),
            ("dryRun", new JsonObject { ["type"] = "boolean" }),
            ("options", new JsonObject { ["x-kubernetes-preserve-unknown-fields"] = true }));
    }
}
