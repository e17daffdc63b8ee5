using System.Text.Json.Nodes;
using Antlr4.Runtime;
using Antlr4.Runtime.Tree;
using static Cel.Internal.CelParser;

namespace KubeContainers.LocalCluster.Schema;

/// <summary>
/// The part of cel-go's overload checking this checker does: calls and operators that involve the quantity library,
/// where a mistake is likely (<c>quantity(self.cpu) &lt; quantity(self.max)</c>, <c>self.cpu.isGreaterThan(...)</c>
/// on the string, <c>quantity(x).sign()</c> on a global function, <c>string(q)</c>) and the apiserver refuses the rule with
/// <c>found no matching overload for '_&lt;_' applied to '(kubernetes.Quantity, kubernetes.Quantity)'</c>. Types are
/// known for literals, schema fields and quantities; a call with an operand of unknown type is let through.
/// </summary>
internal sealed partial class CelCheck
{
    private const string Quantity = CelQuantity.TypeName;

    /// <summary>What the checker knows an expression to be: a Kubernetes quantity.</summary>
    private static readonly JsonObject QuantityType = new() { ["x-cel-type"] = Quantity };

    /// <summary>The library's overloads: argument types, the receiver first for a member function.</summary>
    private static readonly Dictionary<string, string[][]> QuantityOverloads = new(StringComparer.Ordinal)
    {
        ["quantity"] = [["string"]],
        ["isQuantity"] = [["string"]],
        ["sign"] = [[Quantity]],
        ["isInteger"] = [[Quantity]],
        ["asInteger"] = [[Quantity]],
        ["asApproximateFloat"] = [[Quantity]],
        ["add"] = [[Quantity, Quantity], [Quantity, "int"]],
        ["sub"] = [[Quantity, Quantity], [Quantity, "int"]],
        ["isLessThan"] = [[Quantity, Quantity]],
        ["isGreaterThan"] = [[Quantity, Quantity]],
        ["compareTo"] = [[Quantity, Quantity]],
    };

    /// <summary>The type of a call to the quantity library (a quantity from <c>quantity</c>, <c>add</c>, <c>sub</c>),
    /// after reporting a call none of its overloads takes. Null for other functions.</summary>
    private JsonObject? QuantityCall(IToken at, string name, JsonObject? receiver, IReadOnlyList<JsonObject?> args, bool member)
    {
        if (!QuantityOverloads.TryGetValue(name, out var overloads))
        {
            return null;
        }

        var types = (member ? args.Prepend(receiver) : args).Select(TypeName).ToList();
        var isMember = CelLibrary.MemberFunctions.Contains(name);
        var fits = isMember == member && overloads.Any(o => o.Length == types.Count && o.Zip(types).All(p => p.Second is null || p.First == p.Second));
        if (!fits && (isMember != member || types.All(t => t is not null)))
        {
            NoOverload(at, name, types, member);
        }

        return name is "quantity" or "add" or "sub" ? QuantityType : null;
    }

    /// <summary>Another function given a quantity (<c>string(q)</c>, <c>q.size()</c>): none of their overloads takes
    /// one. <c>type</c> and <c>dyn</c> take anything.</summary>
    private void ForeignCall(IToken at, string name, JsonObject? receiver, IReadOnlyList<JsonObject?> args, bool member)
    {
        var types = (member ? args.Prepend(receiver) : args).Select(TypeName).ToList();
        if (QuantityOverloads.ContainsKey(name) || name is "type" or "dyn" || !types.Contains(Quantity))
        {
            return;
        }

        NoOverload(at, name, types, member);
    }

    /// <summary>cel-go's words: <c>'f' applied to '(int)'</c>, or <c>'string.(int)'</c> for a member call.</summary>
    private void NoOverload(IToken at, string name, List<string?> types, bool member)
    {
        var names = types.Select(t => t ?? "dyn").ToList();
        var applied = member ? $"{names[0]}.({string.Join(", ", names.Skip(1))})" : $"({string.Join(", ", names)})";
        Issue(at, $"found no matching overload for '{name}' applied to '{applied}'");
    }

    /// <summary>An operator with a quantity operand: only == and != take one (with another quantity).</summary>
    private void QuantityOperator(IToken op, JsonObject? left, JsonObject? right)
    {
        var (l, r) = (TypeName(left), TypeName(right));
        if ((l != Quantity && r != Quantity) || op.Text == "in")
        {
            return;
        }

        var equality = op.Text is "==" or "!=";
        if (!equality || (l is not null && r is not null && l != r))
        {
            Issue(op, $"found no matching overload for '_{op.Text}_' applied to '({l ?? "dyn"}, {r ?? "dyn"})'");
        }
    }

    /// <summary>The type of a relation or arithmetic expression, checking quantity operands.</summary>
    private JsonObject? Operator(ParserRuleContext node, IToken op, Dictionary<string, JsonObject?> scope)
    {
        var left = TypeOf(node.GetChild(0), scope);
        var right = TypeOf(node.GetChild(2), scope);
        QuantityOperator(op, left, right);
        return null;
    }

    /// <summary>A literal's type.</summary>
    private static JsonObject? LiteralType(IParseTree node) => node switch
    {
        StringContext => new JsonObject { ["type"] = "string" },
        IntContext => new JsonObject { ["type"] = "integer" },
        DoubleContext => new JsonObject { ["type"] = "number" },
        BoolTrueContext or BoolFalseContext => new JsonObject { ["type"] = "boolean" },
        _ => null,
    };

    /// <summary>cel-go's name of a type the checker knows, or null when it does not know it.</summary>
    private static string? TypeName(JsonObject? type)
    {
        if (type is null)
        {
            return null;
        }

        if (ReferenceEquals(type, QuantityType))
        {
            return Quantity;
        }

        if (SchemaKeywords.Flag(type, "x-kubernetes-int-or-string") || SchemaKeywords.PreservesUnknownFields(type))
        {
            return null;
        }

        return SchemaKeywords.Types(type) switch
        {
            ["string"] => SchemaKeywords.String(type, "format") switch
            {
                "date-time" => "google.protobuf.Timestamp",
                "duration" => "google.protobuf.Duration",
                _ => "string",
            },
            ["integer"] => "int",
            ["number"] => "double",
            ["boolean"] => "bool",
            _ => null,
        };
    }
}
