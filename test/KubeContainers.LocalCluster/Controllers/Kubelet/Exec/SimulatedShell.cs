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
internal static partial class SimulatedShell
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

    private sealed partial class Process(ContainerSandbox sandbox, string stdin, bool lenient)
    {
        private ContainerSandbox Sandbox { get; } = sandbox;

        private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);
        private int _status;

        public StringBuilder Stdout { get; } = new();

        /// <summary>Whether a script ran <c>exit</c>.</summary>
        public bool Exited { get; private set; }

        public int Status => _status;

        public StringBuilder Stderr { get; } = new();

        private string[] Shells => Sandbox.Busybox ? ["sh", "ash"] : ["sh", "bash", "dash"];

        private static string Name(string program) => program[(program.LastIndexOf('/') + 1)..];

        /// <summary>Whether the program is in the container: one the simulation runs (and the image has, when it lists its programs), or one the image lists.</summary>
        public bool Has(string program)
        {
            var name = Name(program);
            var simulated = Tools.Contains(name) || Shells.Contains(name, StringComparer.Ordinal);
            return Sandbox.Image.Executables is { } listed ? listed.Contains(name, StringComparer.Ordinal) : simulated || lenient;
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
                    foreach (var (key, value) in Sandbox.Environment)
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
                        if (Sandbox.Variable(variable) is { } value)
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
                    Stdout.Append(Sandbox.Hostname).Append('\n');
                    return 0;
                case "pwd":
                    Stdout.Append(Sandbox.WorkingDir).Append('\n');
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
            var (uid, name) = Sandbox.Image.RuntimeUser();
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
                if (Sandbox.ReadFile(file) is { } content)
                {
                    Stdout.Append(content);
                }
                else if (Sandbox.IsDirectory(file))
                {
                    Stderr.Append(Sandbox.Busybox ? "cat: read error: Is a directory\n" : $"cat: {file}: Is a directory\n");
                    status = 1;
                }
                else
                {
                    Stderr.Append(Sandbox.Busybox ? $"cat: can't open '{file}': No such file or directory\n" : $"cat: {file}: No such file or directory\n");
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
                if (Sandbox.IsDirectory(path))
                {
                    if (paths.Count > 1)
                    {
                        Stdout.Append(path).Append(":\n");
                    }

                    foreach (var entry in Sandbox.List(path))
                    {
                        Stdout.Append(entry).Append('\n');
                    }
                }
                else if (Sandbox.ReadFile(path) is not null)
                {
                    Stdout.Append(path).Append('\n');
                }
                else
                {
                    Stderr.Append(Sandbox.Busybox ? $"ls: {path}: No such file or directory\n" : $"ls: cannot access '{path}': No such file or directory\n");
                    status = Sandbox.Busybox ? 1 : 2;
                }
            }

            return status;
        }
    }
}
