namespace KubeContainers.Operator.Configuration;

/// <summary>
/// Reads the command line into configuration keys. Parsed here rather than by .NET's command-line provider, which
/// takes any <c>--name</c> as a key: a mistyped flag must stop startup, not be ignored; a switch needs no value
/// (<c>--leader-election</c>); a flag missing its value must not swallow the next flag. <c>--a-flag</c> and
/// <c>-a-flag</c> are the same (as Go's flag package has it). A name with <c>:</c> is a configuration path, as .NET's
/// provider takes it (<c>--Sandboxes:kata:Handler=kata-qemu</c>).
/// </summary>
internal static class CommandLineFlags
{
    public static (IReadOnlyDictionary<string, string?> Values, IReadOnlyList<string> Errors) Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var errors = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!IsFlag(arg))
            {
                errors.Add($"\"{arg}\": unexpected argument (settings are flags, e.g. --base-domain=example.com)");
                continue;
            }

            var body = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..] : arg[1..];
            var equals = body.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? body : body[..equals];
            var inline = equals < 0 ? null : body[(equals + 1)..];
            var flag = OperatorFlags.Find(name);
            if (flag is null && !name.Contains(':', StringComparison.Ordinal))
            {
                errors.Add($"--{name}: unknown flag{Suggestion(name)}");
                continue;
            }

            string? value;
            if (flag?.Kind == OperatorFlagKind.Switch)
            {
                value = inline ?? (i + 1 < args.Count && bool.TryParse(args[i + 1], out _) ? args[++i] : "true");
            }
            else if (inline is not null)
            {
                value = inline;
            }
            else if (i + 1 < args.Count && !IsFlag(args[i + 1]))
            {
                value = args[++i];
            }
            else
            {
                errors.Add($"--{name}: needs a value (--{name}=VALUE or --{name} VALUE)");
                continue;
            }

            var key = flag?.Key ?? name;
            values[key] = flag?.Kind == OperatorFlagKind.List && values.TryGetValue(key, out var earlier) && !string.IsNullOrWhiteSpace(earlier) && !string.IsNullOrWhiteSpace(value)
                ? $"{earlier},{value}"
                : value;
        }

        return (values, errors);
    }

    // "-1" is a value (a negative number), "-x" and "--x" are flags.
    private static bool IsFlag(string arg) =>
        arg.Length > 1 && arg[0] == '-' && (arg[1] == '-' ? arg.Length > 2 : !char.IsAsciiDigit(arg[1]));

    private static string Suggestion(string name)
    {
        var closest = OperatorFlags.All
            .Select(f => (Flag: f, Distance: Distance(name.ToLowerInvariant(), f.Name)))
            .Where(c => c.Distance <= Math.Max(2, name.Length / 4))
            .OrderBy(c => c.Distance)
            .Select(c => c.Flag)
            .FirstOrDefault();
        return closest is null ? "" : $" (did you mean {closest}?)";
    }

    // Levenshtein distance, to suggest the flag a typo meant.
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
