using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Cel;

namespace KubeContainers.LocalCluster.Schema;

/// <summary>
/// Kubernetes' CEL environment for <c>x-kubernetes-validations</c>, built on the <c>Cel</c> package (a C#
/// implementation of the CEL spec: parser, operators, the macros <c>all</c>, <c>exists</c>, <c>exists_one</c>,
/// <c>map</c>, <c>filter</c>, <c>has</c>, and the standard functions <c>size</c>, <c>contains</c>,
/// <c>startsWith</c>, <c>endsWith</c>, <c>matches</c>, conversions, timestamps and durations).
/// What the package lacks or does differently from cel-go, written here:
/// <list type="bullet">
/// <item><c>has()</c>: the package answers false for a present empty string, list or map (proto3 "non-default"
/// semantics); Kubernetes answers whether the field is present.</item>
/// <item><c>matches</c> (and the regex library's <c>find</c>, <c>findAll</c>): RE2 semantics, where <c>$</c>
/// matches only at the end of the text (.NET's also matches before a final newline).</item>
/// <item><c>size</c>: an int (the package answers a 32-bit integer), strings counted in code points.</item>
/// <item>cel-go's strings extension, version 2 (<c>charAt</c>, <c>indexOf</c>, <c>lastIndexOf</c>,
/// <c>lowerAscii</c>, <c>upperAscii</c>, <c>replace</c>, <c>split</c>, <c>substring</c>, <c>trim</c>,
/// <c>join</c>) and Kubernetes' list library (<c>isSorted</c>, <c>sum</c>, <c>min</c>, <c>max</c>,
/// <c>indexOf</c>, <c>lastIndexOf</c>): in neither the package nor any other .NET library.</item>
/// <item>Kubernetes' quantity library (<see cref="CelQuantity"/>), exact as resource.Quantity is.</item>
/// </list>
/// Not provided (a rule calling them does not compile here, see the README): Kubernetes'
/// <c>url</c>, <c>ip</c>, <c>cidr</c>, <c>format</c> and <c>sets</c> libraries, <c>strings.quote</c>,
/// <c>format()</c>, optional types beyond what <c>optionalOldSelf</c> needs (<see cref="CelOptional"/>).
/// </summary>
internal static class CelLibrary
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    /// <summary>Functions called as <c>f(x, ...)</c> that the environment knows (macros included).</summary>
    public static readonly IReadOnlySet<string> GlobalFunctions = new HashSet<string>(StringComparer.Ordinal)
    {
        "has", "size", "int", "uint", "double", "string", "bytes", "bool", "duration", "timestamp", "type", "dyn", "matches",
        "quantity", "isQuantity", "sign",
    };

    /// <summary>Functions called as <c>x.f(...)</c> that the environment knows (macros included).</summary>
    public static readonly IReadOnlySet<string> MemberFunctions = new HashSet<string>(StringComparer.Ordinal)
    {
        "all", "exists", "exists_one", "map", "filter",
        "size", "contains", "startsWith", "endsWith", "matches",
        "getFullYear", "getMonth", "getDayOfYear", "getDayOfMonth", "getDate", "getDayOfWeek",
        "getHours", "getMinutes", "getSeconds", "getMilliseconds",
        "charAt", "indexOf", "lastIndexOf", "lowerAscii", "upperAscii", "replace", "split", "substring", "trim", "join",
        "isSorted", "sum", "min", "max", "find", "findAll",
        "hasValue", "value", "orValue",
        "isInteger", "asInteger", "asApproximateFloat", "add", "sub", "isLessThan", "isGreaterThan", "compareTo",
    };

    /// <summary>The comprehension macros: their first argument declares a variable.</summary>
    public static readonly IReadOnlySet<string> Macros = new HashSet<string>(StringComparer.Ordinal)
    {
        "all", "exists", "exists_one", "map", "filter",
    };

    /// <summary>Identifiers that name types (<c>type(x) == string</c>).</summary>
    public static readonly IReadOnlySet<string> TypeNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "bool", "int", "uint", "double", "string", "bytes", "list", "map", "null_type", "type",
    };

    /// <summary>A new environment with the Kubernetes functions registered. Compiling is not thread-safe:
    /// each validator owns one.</summary>
    public static CelEnvironment NewEnvironment()
    {
        var env = new CelEnvironment(null, null);
        // The package evaluates has(x.f) by evaluating x.f, which yields its (internal) CelNoSuchField marker when
        // the field is absent; any other value, empty or not, is present.
        env.RegisterFunction("has", [typeof(object)], a => a[0] is not null && a[0]!.GetType().Name != "CelNoSuchField");
        env.RegisterFunction("matches", [typeof(string), typeof(string)], a => Pattern((string)a[1]!).IsMatch((string)a[0]!));
        env.RegisterFunction("size", [typeof(string)], a => (long)((string)a[0]!).EnumerateRunes().Count());
        env.RegisterFunction("size", [typeof(IList)], a => (long)((IList)a[0]!).Count);
        env.RegisterFunction("size", [typeof(IDictionary)], a => (long)((IDictionary)a[0]!).Count);
        RegisterStrings(env);
        RegisterLists(env);
        CelOptional.Register(env);
        CelQuantity.Register(env);
        env.RegisterFunction("find", [typeof(string), typeof(string)], a => Pattern((string)a[1]!).Match((string)a[0]!) is { Success: true } m ? m.Value : string.Empty);
        env.RegisterFunction("findAll", [typeof(string), typeof(string)], a => FindAll((string)a[0]!, (string)a[1]!, -1));
        env.RegisterFunction("findAll", [typeof(string), typeof(string), typeof(long)], a => FindAll((string)a[0]!, (string)a[1]!, (long)a[2]!));
        return env;
    }

    /// <summary>An RE2 pattern as a .NET regular expression: <c>$</c> only at the end of the text, ASCII classes
    /// where ECMAScript mode allows it (the same translation the schema's <c>pattern</c> uses).</summary>
    internal static Regex Pattern(string pattern) => Patterns.GetOrAdd(pattern, p =>
    {
        var translated = SchemaValidator.EndOfTextOnly(p);
        try
        {
            return new Regex(translated, RegexOptions.ECMAScript | RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (ArgumentException)
        {
            try
            {
                return new Regex(translated, RegexOptions.CultureInvariant, RegexTimeout);
            }
            catch (ArgumentException e)
            {
                throw new CelException($"error parsing regexp: {e.Message}");
            }
        }
    });

    private static List<object?> FindAll(string text, string pattern, long limit)
    {
        var found = new List<object?>();
        foreach (Match match in Pattern(pattern).Matches(text))
        {
            if (limit >= 0 && found.Count >= limit)
            {
                break;
            }

            found.Add(match.Value);
        }

        return found;
    }

    // ---- cel-go ext.Strings (version 2): indexes count code points, as Go strings are indexed by rune there.

    private static void RegisterStrings(CelEnvironment env)
    {
        env.RegisterFunction("charAt", [typeof(string), typeof(long)], a =>
        {
            var runes = Runes(a[0]);
            var i = Index(a[1], runes.Length);
            return i == runes.Length ? string.Empty : runes[i].ToString();
        });
        env.RegisterFunction("indexOf", [typeof(string), typeof(string)], a => IndexOf(Runes(a[0]), Runes(a[1]), 0));
        env.RegisterFunction("indexOf", [typeof(string), typeof(string), typeof(long)], a =>
        {
            var runes = Runes(a[0]);
            return IndexOf(runes, Runes(a[1]), Index(a[2], runes.Length));
        });
        env.RegisterFunction("lastIndexOf", [typeof(string), typeof(string)], a =>
        {
            var runes = Runes(a[0]);
            return LastIndexOf(runes, Runes(a[1]), runes.Length);
        });
        env.RegisterFunction("lastIndexOf", [typeof(string), typeof(string), typeof(long)], a =>
        {
            var runes = Runes(a[0]);
            return LastIndexOf(runes, Runes(a[1]), Index(a[2], runes.Length));
        });
        env.RegisterFunction("lowerAscii", [typeof(string)], a => MapAscii((string)a[0]!, char.ToLowerInvariant));
        env.RegisterFunction("upperAscii", [typeof(string)], a => MapAscii((string)a[0]!, char.ToUpperInvariant));
        env.RegisterFunction("replace", [typeof(string), typeof(string), typeof(string)], a => Replace((string)a[0]!, (string)a[1]!, (string)a[2]!, -1));
        env.RegisterFunction("replace", [typeof(string), typeof(string), typeof(string), typeof(long)], a => Replace((string)a[0]!, (string)a[1]!, (string)a[2]!, (long)a[3]!));
        env.RegisterFunction("split", [typeof(string), typeof(string)], a => Split((string)a[0]!, (string)a[1]!, -1));
        env.RegisterFunction("split", [typeof(string), typeof(string), typeof(long)], a => Split((string)a[0]!, (string)a[1]!, (long)a[2]!));
        env.RegisterFunction("substring", [typeof(string), typeof(long)], a =>
        {
            var runes = Runes(a[0]);
            return Join(runes[Index(a[1], runes.Length)..]);
        });
        env.RegisterFunction("substring", [typeof(string), typeof(long), typeof(long)], a =>
        {
            var runes = Runes(a[0]);
            var start = Index(a[1], runes.Length);
            var end = Index(a[2], runes.Length);
            if (start > end)
            {
                throw new CelException(string.Create(CultureInfo.InvariantCulture, $"invalid substring range. start: {start}, end: {end}"));
            }

            return Join(runes[start..end]);
        });
        env.RegisterFunction("trim", [typeof(string)], a => ((string)a[0]!).Trim());
        env.RegisterFunction("join", [typeof(IList)], a => string.Join(string.Empty, Strings(a[0])));
        env.RegisterFunction("join", [typeof(IList), typeof(string)], a => string.Join((string)a[1]!, Strings(a[0])));
    }

    private static Rune[] Runes(object? value) => ((string)value!).EnumerateRunes().ToArray();

    private static string Join(IEnumerable<Rune> runes)
    {
        var sb = new StringBuilder();
        foreach (var rune in runes)
        {
            sb.Append(rune.ToString());
        }

        return sb.ToString();
    }

    /// <summary>An index into a string of <paramref name="length"/> code points: 0..length, else cel-go's error.</summary>
    private static int Index(object? value, int length)
    {
        var i = (long)value!;
        return i < 0 || i > length
            ? throw new CelException(string.Create(CultureInfo.InvariantCulture, $"index out of range: {i}"))
            : (int)i;
    }

    private static long IndexOf(Rune[] text, Rune[] sub, int from)
    {
        for (var i = from; i + sub.Length <= text.Length; i++)
        {
            if (text.AsSpan(i, sub.Length).SequenceEqual(sub))
            {
                return i;
            }
        }

        return -1;
    }

    private static long LastIndexOf(Rune[] text, Rune[] sub, int before)
    {
        for (var i = Math.Min(before, text.Length - sub.Length); i >= 0; i--)
        {
            if (text.AsSpan(i, sub.Length).SequenceEqual(sub))
            {
                return i;
            }
        }

        return -1;
    }

    private static string MapAscii(string text, Func<char, char> map) =>
        string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsAscii(source[i]) ? map(source[i]) : source[i];
            }
        });

    /// <summary>Go's strings.Replace: at most <paramref name="n"/> replacements (all when negative); an empty
    /// <paramref name="old"/> matches before every code point and at the end.</summary>
    private static string Replace(string text, string old, string replacement, long n)
    {
        if (n == 0)
        {
            return text;
        }

        var sb = new StringBuilder();
        var done = 0L;
        if (old.Length == 0)
        {
            foreach (var rune in text.EnumerateRunes())
            {
                if (n < 0 || done < n)
                {
                    sb.Append(replacement);
                    done++;
                }

                sb.Append(rune.ToString());
            }

            return n < 0 || done < n ? sb.Append(replacement).ToString() : sb.ToString();
        }

        var at = 0;
        while ((n < 0 || done < n) && text.IndexOf(old, at, StringComparison.Ordinal) is var found and >= 0)
        {
            sb.Append(text, at, found - at).Append(replacement);
            at = found + old.Length;
            done++;
        }

        return sb.Append(text, at, text.Length - at).ToString();
    }

    /// <summary>Go's strings.SplitN: n == 0 gives no parts, n &lt; 0 every part, an empty separator splits
    /// between code points.</summary>
    private static List<object?> Split(string text, string separator, long n)
    {
        var parts = new List<object?>();
        if (n == 0)
        {
            return parts;
        }

        if (separator.Length == 0)
        {
            var runes = text.EnumerateRunes().Select(r => r.ToString()).ToList();
            if (n > 0 && runes.Count > n)
            {
                parts.AddRange(runes.Take((int)n - 1));
                parts.Add(string.Concat(runes.Skip((int)n - 1)));
                return parts;
            }

            parts.AddRange(runes);
            return parts;
        }

        var at = 0;
        while ((n < 0 || parts.Count < n - 1) && text.IndexOf(separator, at, StringComparison.Ordinal) is var found and >= 0)
        {
            parts.Add(text[at..found]);
            at = found + separator.Length;
        }

        parts.Add(text[at..]);
        return parts;
    }

    private static IEnumerable<string> Strings(object? list) =>
        ((IList)list!).Cast<object?>().Select(x => x as string ?? throw new CelNoSuchOverloadException("no such overload"));

    // ---- Kubernetes' list library.

    private static void RegisterLists(CelEnvironment env)
    {
        env.RegisterFunction("isSorted", [typeof(IList)], a =>
        {
            var items = Items(a[0]);
            for (var i = 1; i < items.Count; i++)
            {
                if (Compare(items[i - 1], items[i]) > 0)
                {
                    return false;
                }
            }

            return true;
        });
        env.RegisterFunction("sum", [typeof(IList)], a => Items(a[0]).Aggregate((object?)0L, Add));
        env.RegisterFunction("min", [typeof(IList)], a => Extreme(Items(a[0]), -1));
        env.RegisterFunction("max", [typeof(IList)], a => Extreme(Items(a[0]), 1));
        env.RegisterFunction("indexOf", [typeof(IList), typeof(object)], a =>
        {
            var items = Items(a[0]);
            return (long)items.FindIndex(x => Equal(x, a[1]));
        });
        env.RegisterFunction("lastIndexOf", [typeof(IList), typeof(object)], a =>
        {
            var items = Items(a[0]);
            return (long)items.FindLastIndex(x => Equal(x, a[1]));
        });
    }

    private static List<object?> Items(object? list) => ((IList)list!).Cast<object?>().ToList();

    private static object? Extreme(List<object?> items, int sign)
    {
        if (items.Count == 0)
        {
            throw new CelException($"{(sign < 0 ? "min" : "max")}(list) called on an empty list");
        }

        return items.Aggregate((best, x) => Compare(x, best) * sign > 0 ? x : best);
    }

    /// <summary>The package's own size(bytes) answers an int where cel-go has an int64: the list functions take it
    /// as the CEL int it is.</summary>
    private static object? Int64(object? value) => value is int i ? (long)i : value;

    private static object? Add(object? sum, object? x) => (Int64(sum), Int64(x)) switch
    {
        (long a, long b) => checked(a + b),
        (long a, double b) => a + b,
        (double a, long b) => a + b,
        (double a, double b) => a + b,
        _ => throw new CelNoSuchOverloadException("no such overload"),
    };

    private static int Compare(object? a, object? b) => (Int64(a), Int64(b)) switch
    {
        (long x, long y) => x.CompareTo(y),
        (double x, double y) => x.CompareTo(y),
        (long x, double y) => ((double)x).CompareTo(y),
        (double x, long y) => x.CompareTo(y),
        (string x, string y) => string.CompareOrdinal(x, y),
        (bool x, bool y) => x.CompareTo(y),
        (DateTimeOffset x, DateTimeOffset y) => x.CompareTo(y),
        _ => throw new CelNoSuchOverloadException("no such overload"),
    };

    private static bool Equal(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (long x, double y) => x == y,
        (double x, long y) => x == y,
        (IList x, IList y) => x.Count == y.Count && Enumerable.Range(0, x.Count).All(i => Equal(x[i], y[i])),
        _ => Equals(a, b),
    };
}
