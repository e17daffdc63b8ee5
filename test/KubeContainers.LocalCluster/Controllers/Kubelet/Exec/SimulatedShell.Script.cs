using System.Globalization;
using System.Text;

namespace KubeContainers.LocalCluster.Controllers.Kubelet.Exec;

/// <summary>The simulated shell's scripts: cutting them into commands, expanding each command's words as it runs.</summary>
internal static partial class SimulatedShell
{
    private sealed partial class Process
    {
        public int RunScript(string shell, string script)
        {
            List<(string Command, string Then)> commands;
            try
            {
                commands = Split(script);
            }
            catch (FormatException e)
            {
                Stderr.Append(shell).Append(": ").Append(e.Message).Append('\n');
                return 2;
            }

            var skip = false;
            foreach (var (command, then) in commands)
            {
                // Each command's words are expanded when it runs, after the assignments before it.
                var words = Words(command);
                if (!skip && words.Count > 0)
                {
                    if (words[0] == "exit")
                    {
                        Exited = true;
                        _status = words.Count > 1 && int.TryParse(words[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) ? code & 0xFF : _status;
                        return _status;
                    }

                    _status = RunWords(shell, words);
                }

                // a && b runs b only after a success, a || b only after a failure; ; and newlines always.
                skip = then switch
                {
                    "&&" => _status != 0,
                    "||" => _status == 0,
                    _ => false,
                };
            }

            return _status;
        }

        private int RunWords(string shell, List<string> words)
        {
            var assignments = 0;
            while (assignments < words.Count && words[assignments].IndexOf('=', StringComparison.Ordinal) > 0 &&
                   !words[assignments].StartsWith('='))
            {
                var at = words[assignments].IndexOf('=', StringComparison.Ordinal);
                _variables[words[assignments][..at]] = words[assignments][(at + 1)..];
                assignments++;
            }

            if (assignments == words.Count)
            {
                return 0;
            }

            var argv = words.Skip(assignments).ToList();
            if (argv[0] == "export")
            {
                return 0;
            }

            if (!Has(argv[0]))
            {
                Stderr.Append(Sandbox.Busybox
                    ? $"{shell}: {argv[0]}: not found\n"
                    : shell == "bash" ? $"bash: line 1: {argv[0]}: command not found\n" : $"{shell}: 1: {argv[0]}: not found\n");
                return 127;
            }

            return Exec(argv);
        }

        /// <summary>
        /// Cuts a script into commands and what joins each to the next (<c>;</c>, newline, <c>&amp;&amp;</c>,
        /// <c>||</c>), outside quotes; refuses what the simulation does not run (pipes, redirections, substitutions).
        /// </summary>
        private static List<(string Command, string Then)> Split(string script)
        {
            var commands = new List<(string, string)>();
            var start = 0;
            char? quote = null;
            for (var i = 0; i < script.Length; i++)
            {
                var c = script[i];
                if (quote is not null)
                {
                    if (c == '\\' && quote == '"')
                    {
                        i++;
                    }
                    else if (c == quote)
                    {
                        quote = null;
                    }

                    continue;
                }

                switch (c)
                {
                    case '\'' or '"':
                        quote = c;
                        break;
                    case '\\':
                        i++;
                        break;
                    case ';' or '\n':
                        commands.Add((script[start..i], ";"));
                        start = i + 1;
                        break;
                    case '&' or '|' when i + 1 < script.Length && script[i + 1] == c:
                        commands.Add((script[start..i], c == '&' ? "&&" : "||"));
                        start = i + 2;
                        i++;
                        break;
                    case '|' or '&' or '<' or '>' or '`' or '(' or ')':
                        throw new FormatException($"syntax error: \"{c}\" is not supported by the simulated shell");
                }
            }

            if (quote is not null)
            {
                throw new FormatException("syntax error: unterminated quoted string");
            }

            commands.Add((script[start..], ";"));
            return commands;
        }

        /// <summary>One command's words: quotes removed, variables expanded ('...' literally).</summary>
        private List<string> Words(string command)
        {
            var words = new List<string>();
            var word = new StringBuilder();
            var inWord = false;
            for (var i = 0; i < command.Length; i++)
            {
                var c = command[i];
                switch (c)
                {
                    case '\'':
                        var close = command.IndexOf('\'', i + 1);
                        word.Append(command, i + 1, close - i - 1);
                        inWord = true;
                        i = close;
                        break;
                    case '"':
                        var end = i + 1;
                        while (command[end] != '"')
                        {
                            end += command[end] == '\\' ? 2 : 1;
                        }

                        word.Append(Expand(command[(i + 1)..end].Replace("\\\"", "\"", StringComparison.Ordinal)));
                        inWord = true;
                        i = end;
                        break;
                    case '\\' when i + 1 < command.Length:
                        word.Append(command[++i]);
                        inWord = true;
                        break;
                    case '$':
                        var length = VariableLength(command, i);
                        word.Append(Expand(command.Substring(i, length)));
                        inWord = true;
                        i += length - 1;
                        break;
                    case ' ' or '\t':
                        if (inWord)
                        {
                            words.Add(word.ToString());
                            word.Clear();
                            inWord = false;
                        }

                        break;
                    default:
                        word.Append(c);
                        inWord = true;
                        break;
                }
            }

            if (inWord)
            {
                words.Add(word.ToString());
            }

            return words;
        }

        private static int VariableLength(string text, int at)
        {
            if (at + 1 >= text.Length)
            {
                return 1;
            }

            if (text[at + 1] == '{')
            {
                var close = text.IndexOf('}', at);
                return close < 0 ? text.Length - at : close - at + 1;
            }

            if (text[at + 1] == '?')
            {
                return 2;
            }

            var end = at + 1;
            while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
            {
                end++;
            }

            return end - at;
        }

        /// <summary>$NAME, ${NAME} and $? inside a double-quoted string or a bare word; unset variables are empty.</summary>
        private string Expand(string text)
        {
            var result = new StringBuilder();
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] != '$')
                {
                    result.Append(text[i]);
                    continue;
                }

                var length = VariableLength(text, i);
                if (length == 1)
                {
                    result.Append('$');
                    continue;
                }

                var name = text.Substring(i + 1, length - 1).Trim('{', '}');
                result.Append(name == "?" ? _status.ToString(CultureInfo.InvariantCulture) : _variables.GetValueOrDefault(name) ?? Sandbox.Variable(name) ?? "");
                i += length - 1;
            }

            return result.ToString();
        }
    }
}
