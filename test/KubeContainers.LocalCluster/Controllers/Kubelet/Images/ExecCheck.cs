using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KubeContainers.LocalCluster.Api;

namespace KubeContainers.LocalCluster.Controllers.Kubelet.Images;

/// <summary>
/// What an exec probe answers, by rule, since no command really runs here (pkg/probe/exec: exit 0 succeeds, any other
/// exit fails with the command's output; a command the runtime cannot start errors):
/// <list type="bullet">
/// <item>a command the image does not have (<see cref="ImageMetadata.Executables"/>; distroless has none) errors
/// with containerd's message;</item>
/// <item><c>false</c> fails (exit 1, no output); <c>sh -c 'exit N'</c> (sh, bash, ash; with or without a path)
/// exits N;</item>
/// <item>anything else exits 0 (<c>true</c>, <c>cat /tmp/ready</c>, <c>redis-cli ping</c>): the simplification.</item>
/// </list>
/// </summary>
internal static class ExecCheck
{
    private static readonly string[] Shells = ["sh", "bash", "ash"];

    public static ProbeFailure? Failure(JsonObject exec, ImageMetadata image)
    {
        var argv = exec["command"] is JsonArray items ? items.Select(i => i?.ToString() ?? "").ToList() : [];
        if (argv.Count == 0)
        {
            return new ProbeFailure("rpc error: code = Unknown desc = failed to exec in container: command must not be empty", Errored: true);
        }

        var program = argv[0];
        var name = program[(program.LastIndexOf('/') + 1)..];
        if (image.Executables is { } present && !present.Contains(name, StringComparer.Ordinal))
        {
            return new ProbeFailure(NotFound(program), Errored: true);
        }

        if (name == "false")
        {
            return new ProbeFailure("");
        }

        if (Shells.Contains(name, StringComparer.Ordinal) && argv.Count >= 3 && argv[1] == "-c" && ShellExit(argv[2]) is not (null or 0))
        {
            return new ProbeFailure("");
        }

        return null;
    }

    /// <summary>N from a script that is exactly <c>exit N</c>.</summary>
    private static int? ShellExit(string script)
    {
        var match = Regex.Match(script.Trim(), "^exit\\s+(\\d{1,3})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    /// <summary>containerd's ExecSync error for a program runc cannot find, as the kubelet's CRI client reports it.</summary>
    private static string NotFound(string program) => $"rpc error: code = Unknown desc = {StartFailure(program)}";

    /// <summary>
    /// containerd's error for an exec whose program runc cannot find (a path: stat; a name: $PATH lookup), shared by
    /// ExecSync (probes) and the streaming exec (kubectl exec).
    /// </summary>
    public static string StartFailure(string program)
    {
        var execId = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(program)));
        var cause = program.Contains('/', StringComparison.Ordinal)
            ? $"exec: \"{program}\": stat {program}: no such file or directory"
            : $"exec: \"{program}\": executable file not found in $PATH";
        return $"failed to exec in container: failed to start exec \"{execId}\": " +
            $"OCI runtime exec failed: exec failed: unable to start container process: {cause}: unknown";
    }
}
