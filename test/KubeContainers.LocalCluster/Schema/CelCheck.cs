using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Antlr4.Runtime;
using Antlr4.Runtime.Tree;
using Cel;
using static Cel.Internal.CelParser;

namespace KubeContainers.LocalCluster.Schema;

/// <summary>
/// What cel-go's parser and checker refuse in a rule before it ever runs, with their messages
/// (<c>ERROR: &lt;input&gt;:1:5: undefined field 'prot'</c> and the caret under the rule): syntax errors, references
/// to undeclared variables and functions, and field selections the schema does not declare. The <c>Cel</c> package
/// only parses at compile time (it finds unknown names when a rule runs), so this walks its parse tree with the
/// schema in hand. Not checked here: the argument types of overloads (<c>'a' + 1</c> fails when evaluated instead),
/// except where a quantity is involved (<see cref="QuantityCall"/>), and the rule's estimated cost.
/// </summary>
internal sealed partial class CelCheck
{
    private readonly string source;
    private readonly List<(int Line, int Column, string Message)> issues = [];

    private CelCheck(string source) => this.source = source;

    /// <summary>True when the rule reads <c>oldSelf</c> (a transition rule).</summary>
    public bool UsesOldSelf { get; private set; }

    /// <summary>The fields the rule selects from <c>self</c> or <c>oldSelf</c> (<c>self.spec</c>, <c>has(self.port)</c>),
    /// or null when it uses them whole (a macro over self, <c>self == oldSelf</c>): values need only these.</summary>
    public HashSet<string>? SelfFields { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>Parses and checks <paramref name="expression"/> with <c>self</c> and <c>oldSelf</c> of type
    /// <paramref name="selfSchema"/>. Returns the parse tree, or null with <paramref name="error"/> in cel-go's words.</summary>
    public static StartContext? Check(CelEnvironment env, string expression, JsonObject? selfSchema, out bool usesOldSelf, out string? error) =>
        Check(env, expression, selfSchema, out usesOldSelf, out _, out error);

    /// <inheritdoc cref="Check(CelEnvironment, string, JsonObject?, out bool, out string?)"/>
    public static StartContext? Check(CelEnvironment env, string expression, JsonObject? selfSchema, out bool usesOldSelf, out HashSet<string>? selfFields, out string? error)
    {
        var scope = new Dictionary<string, JsonObject?>(StringComparer.Ordinal) { ["self"] = selfSchema, ["oldSelf"] = selfSchema };
        return Check(env, expression, scope, out usesOldSelf, out selfFields, out error);
    }

    /// <summary>Parses and checks <paramref name="expression"/> with the variables <paramref name="declared"/> (name to
    /// schema, null for a dynamic value), as an admission policy's expressions see <c>object</c>, <c>params</c>...
    /// Returns the parse tree, or null with <paramref name="error"/> in cel-go's words.</summary>
    public static StartContext? Check(CelEnvironment env, string expression, IReadOnlyDictionary<string, JsonObject?> declared, out string? error) =>
        Check(env, expression, new Dictionary<string, JsonObject?>(declared, StringComparer.Ordinal), out _, out _, out error);

    private static StartContext? Check(CelEnvironment env, string expression, Dictionary<string, JsonObject?> scope, out bool usesOldSelf, out HashSet<string>? selfFields, out string? error)
    {
        var check = new CelCheck(expression);
        usesOldSelf = false;
        selfFields = null;
        StartContext tree;
        try
        {
            tree = env.Parse(expression);
        }
        catch (CelException e) when (SyntaxError().Match(e.Message) is { Success: true } m)
        {
            check.issues.Add((int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), "Syntax error: " + m.Groups[3].Value));
            error = check.Render();
            return null;
        }
        catch (CelException e)
        {
            check.issues.Add((1, 0, "Syntax error: " + e.Message));
            error = check.Render();
            return null;
        }

        check.TypeOf(tree, scope);
        usesOldSelf = check.UsesOldSelf;
        selfFields = check.SelfFields;
        error = check.issues.Count > 0 ? check.Render() : null;
        return error is null ? tree : null;
    }

    private string Render()
    {
        var lines = source.Split('\n');
        var sb = new StringBuilder();
        foreach (var (line, column, message) in issues.OrderBy(i => i.Line).ThenBy(i => i.Column))
        {
            if (sb.Length > 0)
            {
                sb.Append('\n');
            }

            sb.Append(CultureInfo.InvariantCulture, $"ERROR: <input>:{line}:{column + 1}: {message}");
            if (line >= 1 && line <= lines.Length)
            {
                sb.Append("\n | ").Append(lines[line - 1]).Append("\n | ").Append('.', column).Append('^');
            }
        }

        return sb.ToString();
    }

    /// <summary>Marks a schema that describes a native CEL type (declared by the apiserver, not by a CRD): its
    /// field names are used as they are, without the CRD escaping of reserved words.</summary>
    public const string NativeFields = "x-cel-native-fields";

    private void Issue(IToken at, string message) => issues.Add((at.Line, at.Column, message));

    /// <summary>The schema of what <paramref name="node"/> evaluates to when the checker can tell (a path from
    /// <c>self</c>), else null; reports what does not resolve on the way.</summary>
    private JsonObject? TypeOf(IParseTree node, Dictionary<string, JsonObject?> scope)
    {
        node = Unwrap(node);
        switch (node)
        {
            case NestedContext nested:
                return TypeOf(nested.e, scope);
            case SelectContext select:
                return Select(Operand(select.member(), select.id.Text, scope), select.id, select.op);
            case IndexContext index:
                var indexed = TypeOf(index.member(), scope);
                TypeOf(index.index, scope);
                return indexed is null ? null : SchemaKeywords.Items(indexed) ?? SchemaKeywords.AdditionalProperties(indexed);
            case IdentOrGlobalCallContext ident when ident.op is null:
                return Identifier(ident.id, scope);
            case IdentOrGlobalCallContext call:
                return GlobalCall(call, scope);
            case MemberCallContext call:
                return MemberCall(call, scope);
            case RelationContext { op: not null } relation:
                return Operator(relation, relation.op, scope);
            case CalcContext { op: not null } calc:
                return Operator(calc, calc.op, scope);
            case var literal when LiteralType(literal) is { } type:
                return type;
            default:
                for (var i = 0; i < node.ChildCount; i++)
                {
                    if (node.GetChild(i) is ParserRuleContext child)
                    {
                        TypeOf(child, scope);
                    }
                }

                return null;
        }
    }

    /// <summary>The type of a field selection's operand; a field read straight from self or oldSelf is noted.</summary>
    private JsonObject? Operand(IParseTree member, string field, Dictionary<string, JsonObject?> scope)
    {
        if (Unwrap(member) is IdentOrGlobalCallContext { op: null } ident && IsSelf(ident.id.Text, scope))
        {
            SelfFields?.Add(field);
            UsesOldSelf |= ident.id.Text == "oldSelf";
            return scope[ident.id.Text];
        }

        return TypeOf(member, scope);
    }

    private static bool IsSelf(string name, Dictionary<string, JsonObject?> scope) =>
        scope.ContainsKey(name) && ((name == "self" && !scope.ContainsKey("\0shadow:self")) || (name == "oldSelf" && !IsShadowed(scope)));

    private JsonObject? Identifier(IToken id, Dictionary<string, JsonObject?> scope)
    {
        if (scope.TryGetValue(id.Text, out var type))
        {
            UsesOldSelf |= id.Text == "oldSelf" && !IsShadowed(scope);
            if (IsSelf(id.Text, scope))
            {
                SelfFields = null;
            }

            return type;
        }

        if (!CelLibrary.TypeNames.Contains(id.Text))
        {
            Issue(id, $"undeclared reference to '{id.Text}' (in container '')");
        }

        return null;
    }

    /// <summary>A comprehension may name its variable oldSelf; then it is not the old value. The macro marks such a
    /// scope with a key no identifier can spell.</summary>
    private static bool IsShadowed(Dictionary<string, JsonObject?> scope) => scope.ContainsKey("\0shadow:oldSelf");

    private JsonObject? Select(JsonObject? type, IToken field, IToken at)
    {
        if (type is null || SchemaKeywords.PreservesUnknownFields(type) || SchemaKeywords.Flag(type, "x-kubernetes-int-or-string"))
        {
            return null;
        }

        if (SchemaKeywords.AdditionalProperties(type) is { } values)
        {
            return values;
        }

        if (SchemaKeywords.IsEmbeddedResource(type))
        {
            type = CelValues.ResourceRootType(type);
        }

        if (SchemaKeywords.Types(type).Contains("object"))
        {
            // A native type's fields (an admission policy's request) are not escaped: request.namespace, not __namespace__.
            var native = type.ContainsKey(NativeFields);
            var property = SchemaKeywords.Properties(type)?.FirstOrDefault(p => (native ? p.Key : CelNames.Escape(p.Key)) == field.Text).Value as JsonObject;
            if (property is not null)
            {
                return property;
            }

            Issue(at, $"undefined field '{field.Text}'");
        }

        return null;
    }

    private JsonObject? GlobalCall(IdentOrGlobalCallContext call, Dictionary<string, JsonObject?> scope)
    {
        var name = call.id.Text;
        var args = Arguments(call.args);
        if (name == "has")
        {
            // has() takes one field selection; cel-go reports a missing field at the macro's parenthesis.
            if (args.Count != 1 || Unwrap(args[0]) is not SelectContext select)
            {
                Issue(call.op, "invalid argument to has() macro");
                return null;
            }

            var before = issues.Count;
            var owner = Operand(select.member(), select.id.Text, scope);
            if (issues.Count == before)
            {
                Select(owner, select.id, call.op);
            }

            return null;
        }

        var types = args.Select(arg => TypeOf(arg, scope)).ToList();
        if (QuantityOverloads.ContainsKey(name))
        {
            return QuantityCall(call.op, name, null, types, member: false);
        }

        if (!CelLibrary.GlobalFunctions.Contains(name))
        {
            Issue(call.op, $"undeclared reference to '{name}' (in container '')");
        }
        else
        {
            ForeignCall(call.op, name, null, types, member: false);
        }

        return null;
    }

    private JsonObject? MemberCall(MemberCallContext call, Dictionary<string, JsonObject?> scope)
    {
        var name = call.id.Text;
        var receiver = TypeOf(call.member(), scope);
        var args = Arguments(call.args);
        if (CelLibrary.Macros.Contains(name) && args.Count is 2 or 3)
        {
            if (Unwrap(args[0]) is not IdentOrGlobalCallContext { op: null } variable)
            {
                Issue(call.open, "argument must be a simple name");
                return null;
            }

            // The variable ranges over a list's elements or a map's keys.
            var element = receiver is null ? null
                : SchemaKeywords.Items(receiver) ?? (SchemaKeywords.AdditionalProperties(receiver) is not null ? new JsonObject { ["type"] = "string" } : null);
            var inner = new Dictionary<string, JsonObject?>(scope, StringComparer.Ordinal) { [variable.id.Text] = element };
            if (variable.id.Text is "oldSelf" or "self")
            {
                inner["\0shadow:" + variable.id.Text] = null;
            }

            foreach (var arg in args.Skip(1))
            {
                TypeOf(arg, inner);
            }

            return name == "filter" ? receiver : null;
        }

        var types = args.Select(arg => TypeOf(arg, scope)).ToList();
        if (QuantityOverloads.ContainsKey(name))
        {
            return QuantityCall(call.open, name, receiver, types, member: true);
        }

        if (!CelLibrary.MemberFunctions.Contains(name))
        {
            Issue(call.open, $"undeclared reference to '{name}' (in container '')");
        }
        else
        {
            ForeignCall(call.open, name, receiver, types, member: true);
        }

        return null;
    }

    private static List<ExprContext> Arguments(ExprListContext? list) => list?.expr().ToList() ?? [];

    /// <summary>Descends through the grammar's single-child wrappers (expr → conditionalOr → … → member).</summary>
    private static IParseTree Unwrap(IParseTree node)
    {
        while (node is ParserRuleContext { ChildCount: 1 } rule && rule.GetChild(0) is ParserRuleContext child)
        {
            node = child;
        }

        return node;
    }

    [GeneratedRegex(@"^Line (\d+):(\d+) (.*)$", RegexOptions.Singleline)]
    private static partial Regex SyntaxError();
}
