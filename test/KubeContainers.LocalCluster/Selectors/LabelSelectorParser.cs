namespace KubeContainers.LocalCluster.Selectors;

/// <summary>
/// The label selector grammar of apimachinery's labels.Parse, token for token, so that malformed
/// selectors fail with the same messages ("found ',', expected: identifier after ','", ...).
/// </summary>
internal sealed class LabelSelectorParser
{
    private enum Token
    {
        Error,
        EndOfString,
        ClosedPar,
        Comma,
        DoesNotExist,
        DoubleEquals,
        Equals,
        GreaterThan,
        Identifier,
        In,
        LessThan,
        NotEquals,
        NotIn,
        OpenPar,
    }

    private const string BinaryOperators = "in, notin, =, ==, !=, gt, lt";

    private static readonly Dictionary<string, Token> Keywords = new(StringComparer.Ordinal)
    {
        [")"] = Token.ClosedPar,
        [","] = Token.Comma,
        ["!"] = Token.DoesNotExist,
        ["=="] = Token.DoubleEquals,
        ["="] = Token.Equals,
        [">"] = Token.GreaterThan,
        ["in"] = Token.In,
        ["<"] = Token.LessThan,
        ["!="] = Token.NotEquals,
        ["notin"] = Token.NotIn,
        ["("] = Token.OpenPar,
    };

    private readonly List<(Token Token, string Literal)> _items;
    private int _position;

    private LabelSelectorParser(string text) => _items = Scan(text);

    /// <summary>Parses the selector; throws <see cref="FormatException"/> with the apiserver's message.</summary>
    public static List<LabelRequirement> Parse(string text) => new LabelSelectorParser(text).ParseAll();

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool IsSpecial(char c) => c is '=' or '!' or '(' or ')' or ',' or '>' or '<';

    private static List<(Token, string)> Scan(string text)
    {
        var items = new List<(Token, string)>();
        var pos = 0;
        while (true)
        {
            while (pos < text.Length && IsWhitespace(text[pos]))
            {
                pos++;
            }

            if (pos >= text.Length)
            {
                items.Add((Token.EndOfString, string.Empty));
                return items;
            }

            if (IsSpecial(text[pos]))
            {
                // The longest run of special characters that is still a known operator wins.
                var buffer = string.Empty;
                (Token Token, string Literal)? last = null;
                while (pos < text.Length && IsSpecial(text[pos]))
                {
                    var candidate = buffer + text[pos];
                    if (Keywords.TryGetValue(candidate, out var token))
                    {
                        last = (token, candidate);
                    }
                    else if (last is not null)
                    {
                        break;
                    }

                    buffer = candidate;
                    pos++;
                }

                items.Add(last ?? (Token.Error, $"error expected: keyword found '{buffer}'"));
                continue;
            }

            var start = pos;
            while (pos < text.Length && !IsSpecial(text[pos]) && !IsWhitespace(text[pos]))
            {
                pos++;
            }

            var word = text[start..pos];
            items.Add((Keywords.TryGetValue(word, out var keyword) ? keyword : Token.Identifier, word));
        }
    }

    /// <summary>In a value position "in" and "notin" are plain identifiers.</summary>
    private static Token AsValue(Token token) => token is Token.In or Token.NotIn ? Token.Identifier : token;

    private (Token Token, string Literal) Lookahead(bool values)
    {
        var (token, literal) = _items[_position];
        return (values ? AsValue(token) : token, literal);
    }

    private (Token Token, string Literal) Consume(bool values)
    {
        var item = Lookahead(values);
        _position++;
        return item;
    }

    private List<LabelRequirement> ParseAll()
    {
        var requirements = new List<LabelRequirement>();
        while (true)
        {
            var (token, literal) = Lookahead(values: true);
            switch (token)
            {
                case Token.Identifier or Token.DoesNotExist:
                    requirements.Add(ParseRequirement());
                    var (next, nextLiteral) = Consume(values: true);
                    switch (next)
                    {
                        case Token.EndOfString:
                            return requirements;
                        case Token.Comma:
                            var (after, afterLiteral) = Lookahead(values: true);
                            if (after is not Token.Identifier and not Token.DoesNotExist)
                            {
                                throw new FormatException($"found '{afterLiteral}', expected: identifier after ','");
                            }

                            break;
                        default:
                            throw new FormatException($"found '{nextLiteral}', expected: ',' or 'end of string'");
                    }

                    break;
                case Token.EndOfString:
                    return requirements;
                default:
                    throw new FormatException($"found '{literal}', expected: !, identifier, or 'end of string'");
            }
        }
    }

    private LabelRequirement ParseRequirement()
    {
        try
        {
            var (key, inferred) = ParseKeyAndInferOperator();
            LabelOperator op;
            List<string> values;
            if (inferred is { } unary)
            {
                op = unary;
                values = [];
            }
            else
            {
                op = ParseOperator();
                values = op is LabelOperator.In or LabelOperator.NotIn ? ParseValues() : ParseExactValue();
            }

            values = values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (LabelValidation.RequirementError(key, op, values) is { } error)
            {
                throw new FormatException(error);
            }

            return new LabelRequirement(key, op, values);
        }
        catch (FormatException e)
        {
            throw new FormatException("unable to parse requirement: " + e.Message, e);
        }
    }

    private (string Key, LabelOperator? Operator) ParseKeyAndInferOperator()
    {
        LabelOperator? op = null;
        var (token, literal) = Consume(values: true);
        if (token == Token.DoesNotExist)
        {
            op = LabelOperator.DoesNotExist;
            (token, literal) = Consume(values: true);
        }

        if (token != Token.Identifier)
        {
            throw new FormatException($"found '{literal}', expected: identifier");
        }

        if (LabelValidation.QualifiedNameErrors(literal) is { Count: > 0 } errors)
        {
            throw new FormatException(LabelValidation.InvalidError(null, literal, string.Join("; ", errors)));
        }

        // A key alone is "exists"; "!key" stays "does not exist" whatever follows (the caller rejects the rest).
        var (next, _) = Lookahead(values: true);
        if (next is Token.EndOfString or Token.Comma && op != LabelOperator.DoesNotExist)
        {
            op = LabelOperator.Exists;
        }

        return (literal, op);
    }

    private LabelOperator ParseOperator()
    {
        var (token, literal) = Consume(values: false);
        return token switch
        {
            Token.In => LabelOperator.In,
            Token.Equals => LabelOperator.Equals,
            Token.DoubleEquals => LabelOperator.DoubleEquals,
            Token.GreaterThan => LabelOperator.GreaterThan,
            Token.LessThan => LabelOperator.LessThan,
            Token.NotIn => LabelOperator.NotIn,
            Token.NotEquals => LabelOperator.NotEquals,
            _ => throw new FormatException($"found '{literal}', expected: {BinaryOperators}"),
        };
    }

    private List<string> ParseValues()
    {
        var (token, literal) = Consume(values: true);
        if (token != Token.OpenPar)
        {
            throw new FormatException($"found '{literal}' expected: '('");
        }

        (token, literal) = Lookahead(values: true);
        switch (token)
        {
            case Token.Identifier or Token.Comma:
                var values = ParseIdentifiersList();
                if (Consume(values: true).Token != Token.ClosedPar)
                {
                    throw new FormatException($"found '{literal}', expected: ')'");
                }

                return values;
            case Token.ClosedPar:
                Consume(values: true);
                return [string.Empty];
            default:
                throw new FormatException($"found '{literal}', expected: ',', ')' or identifier");
        }
    }

    private List<string> ParseIdentifiersList()
    {
        var values = new List<string>();
        while (true)
        {
            var (token, literal) = Consume(values: true);
            switch (token)
            {
                case Token.Identifier:
                    values.Add(literal);
                    var (next, nextLiteral) = Lookahead(values: true);
                    switch (next)
                    {
                        case Token.Comma:
                            continue;
                        case Token.ClosedPar:
                            return values;
                        default:
                            throw new FormatException($"found '{nextLiteral}', expected: ',' or ')'");
                    }

                case Token.Comma:
                    // "(,a)", "(a,)" and "(a,,b)" all carry an empty value.
                    if (values.Count == 0)
                    {
                        values.Add(string.Empty);
                    }

                    var (following, _) = Lookahead(values: true);
                    if (following == Token.ClosedPar)
                    {
                        values.Add(string.Empty);
                        return values;
                    }

                    if (following == Token.Comma)
                    {
                        Consume(values: true);
                        values.Add(string.Empty);
                    }

                    break;
                default:
                    throw new FormatException($"found '{literal}', expected: ',', or identifier");
            }
        }
    }

    private List<string> ParseExactValue()
    {
        var (token, _) = Lookahead(values: true);
        if (token is Token.EndOfString or Token.Comma)
        {
            return [string.Empty];
        }

        var (consumed, literal) = Consume(values: true);
        if (consumed == Token.Identifier)
        {
            return [literal];
        }

        throw new FormatException($"found '{literal}', expected: identifier");
    }
}
