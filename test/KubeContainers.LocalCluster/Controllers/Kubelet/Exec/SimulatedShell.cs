using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers.Kubelet.Images;

namespace KubeContainers.LocalCluster.Controllers.Kubelet.Exec;

/// <summary>What one process wrote and how it exited.</summary>
internal sealed record ExecResult(string Stdout, string Stderr, int ExitCode);

/// <summary>The runtime could not start the process (a program the image does not have): containerd's error.</summary>
internal sealed class ExecStartException(string message) : Exception(message);

/// <summary>
/// The programs a simulated container can run, against its <see cref="ContainerSandbox"/>: <c>echo</c>, <c>env</c>,
/// <c>printenv</c>, <c>cat</c> (files, or stdin), <c>ls</c>, <c>hostname</c>, <c>pwd</c>, <c>whoami</c>, <c>id</c>,
/// <c>true</c>, <c>false</c>, <c>sleep</c> (returns at once) and a shell (<c>sh</c>, <c>ash</c> on BusyBox images,
/// <c>bash</c> and <c>dash</c> on the others) running a script of those: words with '…' and "…" quoting, <c>$VAR</c>,
/// <c>${VAR}</c> and <c>$?</c>, <c>NAME=value</c>, <c>exit N</c>, and lists joined by <c>;</c>, <c>&amp;&amp;</c>,
/// <c>||</c> and newlines (no pipes, redirections or control structures). Any other program is not in the
/// container: the runtime's error when exec'ed, the shell's "not found" (127) in a script.
/// </summary>
internal static class SimulatedShell
{
    private static readonly HashSet<string> Tools = ["echo", "env", "printenv", "cat", "ls", "hostname", "pwd", "whoami", "id", "true", "false", "sleep"];

    /// <summary>Runs <paramref name="argv"/> as the runtime would exec it; throws <see cref="ExecStartException"/> when it cannot start.</summary>
    public static ExecResult Run(ContainerSandbox sandbox, IReadOnlyList<string> argv, string stdin)
    {
        var process = new Process(sandbox, stdin, lenient: false);
        if (!process.Has(argv[0]))
        {
            throw new ExecStartException(ExecCheck.StartFailure(argv[0]));
        }

        var code = process.Exec(argv);
        return new ExecResult(process.Stdout.ToString(), process.Stderr.ToString(), code);
    }

    /// <summary>
    /// What a plain image's command writes when it starts, as log lines (stdout and stderr): its <c>echo</c>s
    /// (<c>sh -c 'echo ready; sleep 3600'</c> logs <c>ready</c>). Programs the simulation does not know are the image's
    /// own: they write nothing here.
    /// </summary>
    public static IReadOnlyList<string> StartupOutput(ContainerSandbox sandbox, JsonObject container)
    {
        var argv = Strings(container["command"]).Concat(Strings(container["args"])).ToList();
        if (argv.Count == 0)
        {
            return [];
        }

        var process = new Process(sandbox, "", lenient: true);
        process.Exec(argv);
        return (process.Stdout.ToString() + process.Stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>
    /// A shell at a terminal (<c>kubectl exec -it POD -- sh</c>): each line typed runs as it is entered, with the
    /// shell's variables and <c>$?</c> kept between lines, until <c>exit</c>.
    /// </summary>
    public sealed class Interactive
    {
        private readonly Process _process;
        private readonly string _shell;

        public Interactive(ContainerSandbox sandbox, string program)
        {
            _process = new Process(sandbox, "", lenient: false);
            _shell = program[(program.LastIndexOf('/') + 1)..];
            Prompt = sandbox.Busybox ? $"{sandbox.WorkingDir} # " : "# ";
        }

        /// <summary>root's prompt: ash's shows the directory, dash's does not.</summary>
        public string Prompt { get; }

        public bool Exited => _process.Exited;

        public int Status => _process.Status;

        /// <summary>Runs one line; returns what it wrote (stdout and stderr together, as a terminal shows them).</summary>
        public string Run(string line)
        {
            _process.RunScript(_shell, line);
            var output = _process.Stdout.ToString() + _process.Stderr;
            _process.Stdout.Clear();
            _process.Stderr.Clear();
            return output;
        }

        /// <summary>Whether <paramref name="argv"/> starts a shell that reads commands from a terminal (no <c>-c</c>).</summary>
        public static bool Starts(IReadOnlyList<string> argv) =>
            argv.Count == 1 && argv[0][(argv[0].LastIndexOf('/') + 1)..] is "sh" or "ash" or "bash" or "dash";
    }

    private static IEnumerable<string> Strings(JsonNode? node) =>
        node is JsonArray items ? items.Select(i => i?.ToString() ?? "") : [];

    private sealed class Process(ContainerSandbox sandbox, string stdin, bool lenient)
    {
        private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);
        private int _status;

        public StringBuilder Stdout { get; } = new();

        /// <summary>Whether a script ran <c>exit</c>.</summary>
        public bool Exited { get; private set; }

        public int Status => _status;

        public StringBuilder Stderr { get; } = new();

        private string[] Shells => sandbox.Busybox ? ["sh", "ash"] : ["sh", "bash", "dash"];

        private static string Name(string program) => program[(program.LastIndexOf('/') + 1)..];

        /// <summary>Whether the program is in the container: one the simulation runs (and the image has, when it lists its programs), or one the image lists.</summary>
        public bool Has(string program)
        {
            var name = Name(program);
            var simulated = Tools.Contains(name) || Shells.Contains(name, StringComparer.Ordinal);
            return sandbox.Image.Executables is { } listed ? listed.Contains(name, StringComparer.Ordinal) : simulated || lenient;
        }

        public int Exec(IReadOnlyList<string> argv)
        {
            var name = Name(argv[0]);
            var args = argv.Skip(1).ToList();
            if (Shells.Contains(name, StringComparer.Ordinal))
            {
                var script = args.Count >= 2 && args[0] == "-c" ? args[1] : args.Count == 0 ? stdin : null;
                return script is null ? 0 : RunScript(name, script);
            }

            switch (name)
            {
                case "echo":
                    var newline = args.FirstOrDefault() != "-n";
                    Stdout.Append(string.Join(' ', newline ? args : args.Skip(1)));
                    if (newline)
                    {
                        Stdout.Append('\n');
                    }

                    return 0;
                case "env":
                    foreach (var (key, value) in sandbox.Environment)
                    {
                        Stdout.Append(key).Append('=').Append(value).Append('\n');
                    }

                    return 0;
                case "printenv":
                    if (args.Count == 0)
                    {
                        return Exec(["env"]);
                    }

                    var missing = false;
                    foreach (var variable in args)
                    {
                        if (sandbox.Variable(variable) is { } value)
                        {
                            Stdout.Append(value).Append('\n');
                        }
                        else
                        {
                            missing = true;
                        }
                    }

                    return missing ? 1 : 0;
                case "cat":
                    return Cat(args);
                case "ls":
                    return Ls(args.Where(a => !a.StartsWith('-')).ToList());
                case "hostname":
                    Stdout.Append(sandbox.Hostname).Append('\n');
                    return 0;
                case "pwd":
                    Stdout.Append(sandbox.WorkingDir).Append('\n');
                    return 0;
                case "whoami":
                    Stdout.Append(User().Name).Append('\n');
                    return 0;
                case "id":
                    var (uid, user) = User();
                    Stdout.Append(CultureInfo.InvariantCulture, $"uid={uid}({user}) gid={uid}({user}) groups={uid}({user})\n");
                    return 0;
                case "false":
                    return 1;
                default:
                    // true, sleep (returns at once), and the image's own programs the simulation does not know.
                    return 0;
            }
        }

        private (long Uid, string Name) User()
        {
            var (uid, name) = sandbox.Image.RuntimeUser();
            return uid is { } number ? (number, number == 0 ? "root" : name ?? number.ToString(CultureInfo.InvariantCulture)) : name is null ? (0, "root") : (1000, name);
        }

        private int Cat(List<string> files)
        {
            if (files.Count == 0)
            {
                Stdout.Append(stdin);
                return 0;
            }

            var status = 0;
            foreach (var file in files)
            {
                if (sandbox.ReadFile(file) is { } content)
                {
                    Stdout.Append(content);
                }
                else if (sandbox.IsDirectory(file))
                {
                    Stderr.Append(sandbox.Busybox ? "cat: read error: Is a directory\n" : $"cat: {file}: Is a directory\n");
                    status = 1;
                }
                else
                {
                    Stderr.Append(sandbox.Busybox ? $"cat: can't open '{file}': No such file or directory\n" : $"cat: {file}: No such file or directory\n");
                    status = 1;
                }
            }

            return status;
        }

        /// <summary>ls as when its output is not a terminal: one name a line; a directory's entries sorted, a file its path.</summary>
        private int Ls(List<string> paths)
        {
            if (paths.Count == 0)
            {
                paths.Add(".");
            }

            var status = 0;
            foreach (var path in paths)
            {
                if (sandbox.IsDirectory(path))
                {
                    if (paths.Count > 1)
                    {
                        Stdout.Append(path).Append(":\n");
                    }

                    foreach (var entry in sandbox.List(path))
                    {
                        Stdout.Append(entry).Append('\n');
                    }
                }
                else if (sandbox.ReadFile(path) is not null)
                {
                    Stdout.Append(path).Append('\n');
                }
                else
                {
                    Stderr.Append(sandbox.Busybox ? $"ls: {path}: No such file or directory\n" : $"ls: cannot access '{path}': No such file or directory\n");
                    status = sandbox.Busybox ? 1 : 2;
                }
            }

            return status;
        }

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
                Stderr.Append(sandbox.Busybox
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
                result.Append(name == "?" ? _status.ToString(CultureInfo.InvariantCulture) : _variables.GetValueOrDefault(name) ?? sandbox.Variable(name) ?? "");
                i += length - 1;
            }

            return result.ToString();
        }
    }
}
