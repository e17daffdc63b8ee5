using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cel;
using KubeContainers.LocalCluster.Api;

namespace KubeContainers.LocalCluster.Schema;

/// <summary>
/// The <c>x-kubernetes-validations</c> of one CRD version's schema, compiled once, evaluated at admission as the
/// apiextensions-apiserver of Kubernetes 1.31 evaluates them (schema/cel/validation.go): each rule with
/// <c>self</c> bound to the value it sits on (only non-null values), transition rules (those reading
/// <c>oldSelf</c>) only on an update where the value has an old counterpart (object fields and map keys by name,
/// list items only in <c>x-kubernetes-list-type: map</c> lists, by their keys), and validation ratcheting
/// (CRDValidationRatcheting, on by default since 1.30): a failing rule that is not a transition rule only
/// warns when the value it checks is unchanged since the old object.
/// A failed rule is a field error at the value's path (or at its <c>fieldPath</c>), with the value printed as the
/// schema's type name and the message from <c>messageExpression</c>, else <c>message</c>, else
/// <c>failed rule: &lt;rule&gt;</c>, as the <c>reason</c> asks (FieldValueInvalid by default).
/// </summary>
internal sealed class CelValidator
{
    /// <summary>celconfig.MaxEvaluatedMessageExpressionSizeBytes.</summary>
    private const int MaxMessageExpressionLength = 5 * 1024;

    private readonly Node root;
    private readonly Lock gate = new();

    private CelValidator(Node root) => this.root = root;

    /// <summary>A validator for <paramref name="schema"/>, or null when no rule is declared in it.</summary>
    public static CelValidator? For(JsonObject schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var env = CelLibrary.NewEnvironment();
        var node = Build(env, schema, isResourceRoot: true);
        return node is null ? null : new CelValidator(node);
    }

    /// <summary>Every rule of the schema that a CRD may not declare, as the apiserver refuses it when the CRD is
    /// written; <paramref name="schemaPath"/> names the schema (<c>spec.validation.openAPIV3Schema</c>).</summary>
    public static IReadOnlyList<FieldError> CheckDefinition(JsonObject schema, string schemaPath)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var errors = new List<FieldError>();
        CheckDefinition(CelLibrary.NewEnvironment(), schema, schemaPath, isResourceRoot: true, errors);
        return errors;
    }

    /// <summary>The rules' errors and ratcheted warnings for <paramref name="obj"/>; <paramref name="old"/> is the
    /// stored object on an update, null on a create.</summary>
    public (IReadOnlyList<FieldError> Errors, IReadOnlyList<string> Warnings) Validate(JsonObject obj, JsonObject? old)
    {
        var result = new Result();
        lock (gate)
        {
            // On a create nothing is ratcheted; on an update the root correlates with the old object.
            Validate(root, null, obj, old, old is null ? Unchanged.Never : new Unchanged(obj, old), result);
        }

        return (result.Errors, result.Warnings);
    }

    /// <summary>
    /// Whether errors at a value are ratcheted: the value, or the nearest ancestor that has an old counterpart, equals
    /// its old value. Compared only when a rule fails there (rarely), never on the way down.
    /// </summary>
    private sealed class Unchanged(JsonNode? value, JsonNode? old)
    {
        public static readonly Unchanged Never = new(null, null) { known = false };

        private bool? known;

        /// <summary>For a value with an old counterpart (<paramref name="old"/> not null) its own comparison, else
        /// the nearest correlated ancestor's (<paramref name="parent"/>).</summary>
        public static Unchanged For(JsonNode? value, JsonNode? old, Unchanged parent) =>
            old is null ? parent : new Unchanged(value, old);

        public bool Value => known ??= JsonKinds.DeepEquals(value, old);
    }

    private sealed class Result
    {
        public List<FieldError> Errors { get; } = [];

        public List<string> Warnings { get; } = [];
    }

    private sealed class Node(JsonObject schema, bool isResourceRoot, List<CompiledRule> rules)
    {
        /// <summary>The fields of self the rules here read (null: all of it); only those are converted for them.</summary>
        public IReadOnlySet<string>? SelfFields { get; } = rules.Any(r => r.SelfFields is null)
            ? null
            : rules.SelectMany(r => r.SelfFields!).ToHashSet(StringComparer.Ordinal);

        public JsonObject Schema { get; } = schema;

        public bool IsResourceRoot { get; } = isResourceRoot;

        public List<CompiledRule> Rules { get; } = rules;

        public Dictionary<string, Node> Properties { get; } = new(StringComparer.Ordinal);

        public Node? Items { get; set; }

        public Node? AdditionalProperties { get; set; }

        public string TypeName => SchemaKeywords.String(Schema, "type") ?? string.Empty;
    }

    private sealed record CompiledRule(
        CelRule Rule,
        CelProgramDelegate? Program,
        string? CompileError,
        bool UsesOldSelf,
        bool OptionalOldSelf,
        CelProgramDelegate? MessageProgram,
        string? FieldPath,
        IReadOnlySet<string>? SelfFields);

    // ---- compilation

    private static Node? Build(CelEnvironment env, JsonObject schema, bool isResourceRoot)
    {
        var rules = RulesOf(schema).Select(r => Compile(env, r.Rule, schema, isResourceRoot)).ToList();
        var node = new Node(schema, isResourceRoot, rules);
        if (SchemaKeywords.Properties(schema) is { } props)
        {
            foreach (var (name, child) in props)
            {
                if (child is JsonObject c && Build(env, c, SchemaKeywords.IsEmbeddedResource(c)) is { } n)
                {
                    node.Properties[name] = n;
                }
            }
        }

        if (SchemaKeywords.Items(schema) is { } items)
        {
            node.Items = Build(env, items, SchemaKeywords.IsEmbeddedResource(items));
        }

        if (schema["additionalProperties"] is JsonObject additional)
        {
            node.AdditionalProperties = Build(env, additional, SchemaKeywords.IsEmbeddedResource(additional));
        }

        return rules.Count > 0 || node.Properties.Count > 0 || node.Items is not null || node.AdditionalProperties is not null ? node : null;
    }

    private static IEnumerable<(int Index, CelRule Rule, JsonObject Raw)> RulesOf(JsonObject schema) =>
        schema["x-kubernetes-validations"] is JsonArray validations
            ? validations.OfType<JsonObject>().Select((raw, i) => (i, new CelRule(
                string.Empty,
                SchemaKeywords.String(raw, "rule") ?? string.Empty,
                SchemaKeywords.String(raw, "message"),
                SchemaKeywords.String(raw, "messageExpression"),
                SchemaKeywords.String(raw, "reason"),
                SchemaKeywords.String(raw, "fieldPath"))
            {
                OptionalOldSelf = SchemaKeywords.Flag(raw, "optionalOldSelf"),
            }, raw))
            : [];

    private static CompiledRule Compile(CelEnvironment env, CelRule rule, JsonObject schema, bool isResourceRoot)
    {
        var selfType = isResourceRoot ? CelValues.ResourceRootType(schema) : schema;
        var tree = CelCheck.Check(env, rule.Rule, selfType, out var usesOldSelf, out var fields, out var error);
        var program = tree is null ? null : env.Compile(tree);
        CelProgramDelegate? message = null;
        if (rule.MessageExpression is { Length: > 0 } expression
            && CelCheck.Check(env, expression, selfType, out _, out var messageFields, out _) is { } messageTree)
        {
            message = env.Compile(messageTree);
            fields = fields is null || messageFields is null ? null : [.. fields, .. messageFields];
        }

        var fieldPath = rule.FieldPath is { Length: > 0 } path ? CelFieldPath.Normalize(path, schema, out _) : null;
        return new CompiledRule(rule, program, error, usesOldSelf, rule.OptionalOldSelf, message, fieldPath, fields);
    }

    private static void CheckDefinition(CelEnvironment env, JsonObject schema, string path, bool isResourceRoot, List<FieldError> errors)
    {
        var selfType = isResourceRoot ? CelValues.ResourceRootType(schema) : schema;
        foreach (var (index, rule, raw) in RulesOf(schema))
        {
            var at = $"{path}.x-kubernetes-validations[{index}]";
            CelDefinitionErrors.Check(env, rule, raw, schema, selfType, at, errors);
        }

        if (SchemaKeywords.Properties(schema) is { } props)
        {
            foreach (var (name, child) in props)
            {
                if (child is JsonObject c)
                {
                    CheckDefinition(env, c, $"{path}.properties[{name}]", SchemaKeywords.IsEmbeddedResource(c), errors);
                }
            }
        }

        if (SchemaKeywords.Items(schema) is { } items)
        {
            CheckDefinition(env, items, path + ".items", SchemaKeywords.IsEmbeddedResource(items), errors);
        }

        if (schema["additionalProperties"] is JsonObject additional)
        {
            CheckDefinition(env, additional, path + ".additionalProperties", SchemaKeywords.IsEmbeddedResource(additional), errors);
        }
    }

    // ---- evaluation. Paths are field.Path's: null for the root ("<nil>" in messages), "spec.env[KEY]", "spec.volumes[0]".

    private static void Validate(Node node, string? path, JsonNode? value, JsonNode? old, Unchanged unchanged, Result result)
    {
        if (value is null)
        {
            // Only non-null values are validated, as upstream: a rule about a nullable field sits on its parent.
            return;
        }

        Expressions(node, path, value, old, unchanged, result);
        switch (value)
        {
            case JsonObject obj:
                var oldObj = old as JsonObject;
                if (node.AdditionalProperties is { } values)
                {
                    foreach (var (key, child) in obj)
                    {
                        Child(values, $"{path}[{key}]", child, oldObj, key, unchanged, result);
                    }
                }

                foreach (var (key, child) in obj)
                {
                    if (node.Properties.TryGetValue(key, out var property))
                    {
                        Child(property, path is null ? key : $"{path}.{key}", child, oldObj, key, unchanged, result);
                    }
                }

                break;
            case JsonArray array when node.Items is { } items:
                var keys = SchemaKeywords.String(node.Schema, "x-kubernetes-list-type") == "map" && node.Schema["x-kubernetes-list-map-keys"] is JsonArray k
                    ? k.Select(x => x?.GetValue<string>()).OfType<string>().ToList()
                    : null;
                for (var i = 0; i < array.Count; i++)
                {
                    // Only the items of a map-type list have an old counterpart (the item with the same keys).
                    var oldItem = keys is null ? null : OldItem(array[i], old as JsonArray, keys);
                    Validate(items, $"{path}[{i}]", array[i], oldItem, Unchanged.For(array[i], oldItem, unchanged), result);
                }

                break;
        }
    }

    private static void Child(Node node, string path, JsonNode? value, JsonObject? oldParent, string key, Unchanged parentUnchanged, Result result)
    {
        var old = oldParent is not null && oldParent.TryGetPropertyValue(key, out var o) ? o : null;
        Validate(node, path, value, old, Unchanged.For(value, old, parentUnchanged), result);
    }

    private static JsonNode? OldItem(JsonNode? item, JsonArray? old, List<string> keys)
    {
        if (item is not JsonObject obj || old is null)
        {
            return null;
        }

        return old.OfType<JsonObject>().FirstOrDefault(o => keys.All(k => JsonKinds.DeepEquals(o[k], obj[k])));
    }

    private static void Expressions(Node node, string? path, JsonNode value, JsonNode? old, Unchanged unchanged, Result result)
    {
        if (node.Rules.Count == 0)
        {
            return;
        }

        var self = CelValues.From(value, node.Schema, node.IsResourceRoot, node.SelfFields);
        var oldSelf = old is null || !node.Rules.Any(r => r.UsesOldSelf) ? null : CelValues.From(old, node.Schema, node.IsResourceRoot, node.SelfFields);
        var field = path ?? "<nil>";
        foreach (var rule in node.Rules)
        {
            if (rule.CompileError is { } compileError)
            {
                result.Errors.Add(Invalid(field, node.TypeName, "rule compile error: compilation failed: " + compileError));
                continue;
            }

            if (rule.UsesOldSelf && old is null && !rule.OptionalOldSelf)
            {
                // Transition rules are evaluated only when there is an old value to compare with.
                continue;
            }

            var variables = new Dictionary<string, object?>(StringComparer.Ordinal) { ["self"] = self };
            if (rule.OptionalOldSelf)
            {
                variables["oldSelf"] = new CelOptional(old is not null, oldSelf);
            }
            else if (old is not null)
            {
                variables["oldSelf"] = oldSelf;
            }

            var (passed, failure) = Evaluate(rule.Program!, variables, rule.Rule);
            if (failure is not null)
            {
                result.Errors.Add(Invalid(field, node.TypeName, failure));
                continue;
            }

            if (passed)
            {
                continue;
            }

            var at = rule.FieldPath is null ? field : path is null ? rule.FieldPath : $"{path}.{rule.FieldPath}";
            var detail = MessageOf(rule, variables) ?? DefaultMessage(rule.Rule);
            var error = rule.Rule.Reason switch
            {
                "FieldValueForbidden" => new FieldError(at, "FieldValueForbidden", $"Forbidden: {detail}"),
                "FieldValueRequired" => new FieldError(at, "FieldValueRequired", $"Required value: {detail}"),
                "FieldValueDuplicate" => new FieldError(at, "FieldValueDuplicate", $"Duplicate value: {GoText.Quote(node.TypeName)}"),
                _ => Invalid(at, node.TypeName, detail),
            };
            if (!rule.UsesOldSelf && unchanged.Value)
            {
                result.Warnings.Add(error.ToString());
            }
            else
            {
                result.Errors.Add(error);
            }
        }
    }

    private static FieldError Invalid(string field, string typeName, string detail) =>
        new(field, "FieldValueInvalid", $"Invalid value: {GoText.Quote(typeName)}: {detail}");

    /// <summary>Whether the rule held (only a true result passes), or its runtime error as the apiserver words it.</summary>
    private static (bool Passed, string? Error) Evaluate(CelProgramDelegate program, Dictionary<string, object?> variables, CelRule rule)
    {
        try
        {
            try
            {
                return (program(variables) is true, null);
            }
            catch (CelNoSuchOverloadException e) when (Operand(e) is { } error)
            {
                throw error;
            }
        }
        catch (CelNoSuchOverloadException)
        {
            return (false, $"'no such overload': call arguments did not match a supported operator, function or macro signature for rule: {ErrorString(rule)}");
        }
        catch (Exception e) when (e is CelException or RegexMatchTimeoutException or InvalidCastException or ArgumentException)
        {
            return (false, $"{RuntimeError(e)} evaluating rule: {ErrorString(rule)}");
        }
    }

    /// <summary>The error of an operand of <c>&amp;&amp;</c> or <c>||</c>, which the package wraps in a no-such-overload
    /// error where cel-go reports the operand's own error (<c>has(self.cpu) &amp;&amp; quantity(self.cpu)...</c> fails
    /// with the quantity's parse error); null for any other error, and when the operand's is not a CEL error.</summary>
    internal static CelException? Operand(CelNoSuchOverloadException e)
    {
        Exception inner = e;
        while (inner is CelNoSuchOverloadException { InnerException: { } wrapped } && inner.Message.StartsWith("Could not compare", StringComparison.Ordinal))
        {
            inner = wrapped;
        }

        return ReferenceEquals(inner, e) ? null : inner as CelException;
    }

    /// <summary>cel-go's words for the package's runtime errors.</summary>
    internal static string RuntimeError(Exception e) => e switch
    {
        CelNoSuchFieldException when Regex.Match(e.Message, "field '([^']*)'") is { Success: true } m => $"no such key: {m.Groups[1].Value}",
        CelTypeDoesNotSupportFieldSelectionException when Regex.Match(e.Message, "field '([^']*)'") is { Success: true } m => $"no such key: {m.Groups[1].Value}",
        CelDivideByZeroException => "division by zero",
        CelModulusByZeroException => "modulus by zero",
        CelOverflowException => "integer overflow",
        CelArgumentRangeException when e.Message.StartsWith("Key", StringComparison.Ordinal) => "no such key",
        CelArgumentRangeException => "index out of bounds",
        _ => e.Message,
    };

    /// <summary>The messageExpression's text, or null when it is unset or fails (the apiserver then falls back to
    /// the message).</summary>
    private static string? MessageOf(CompiledRule rule, Dictionary<string, object?> variables)
    {
        if (rule.MessageProgram is not { } program)
        {
            return null;
        }

        try
        {
            return program(variables) is string text && text.Trim() is { Length: > 0 and <= MaxMessageExpressionLength } trimmed && !trimmed.Contains('\n')
                ? trimmed
                : null;
        }
        catch (Exception e) when (e is CelException or RegexMatchTimeoutException or InvalidCastException or ArgumentException)
        {
            return null;
        }
    }

    private static string DefaultMessage(CelRule rule) =>
        rule.Message is { Length: > 0 } message ? message.Trim() : $"failed rule: {rule.Rule.Trim()}";

    private static string ErrorString(CelRule rule) =>
        rule.Message is { Length: > 0 } message ? message.Trim() : rule.Rule.Trim();
}
