using System.Text.RegularExpressions;

namespace KubeContainers.LocalCluster.Controllers.Kubelet.Images;

/// <summary>
/// What the simulated runtime knows of an image, as containerd reads it from the image config.
/// <paramref name="Reference"/> is matched against the image's repository without its registry (<c>nginx</c>,
/// <c>stefanprodan/podinfo</c>, <c>distroless/static</c>), and, when it has a <c>:</c>, against repository:tag; <c>*</c>
/// matches any run of characters. <paramref name="User"/> is the config's <c>User</c> as a Dockerfile's USER writes
/// it: <c>""</c> (none: root), a number (<c>101</c>, <c>65532:65532</c>) or a name (<c>app</c>, <c>root</c>).
/// <paramref name="Ports"/> are where the process listens; null means "where the container says": the command
/// decides (python, node, busybox), so each TCP port the container declares answers whatever a probe asks.
/// <paramref name="Executables"/> are the programs an exec can start; null means a full userland (any command).
/// <paramref name="Log"/> is what its process writes to stdout (<see cref="ProgramOutput"/>): its start-up banner, a
/// line per request it logs, its exit.
/// </summary>
public sealed record ImageMetadata(string Reference, string User = "", IReadOnlyList<ImagePort>? Ports = null, IReadOnlyList<string>? Executables = null,
    LogStyle Log = LogStyle.Plain)
{
    /// <summary>What an image the catalogue does not know is taken to be: root (as most images are), HTTP on every declared port.</summary>
    public static ImageMetadata Unknown { get; } = new("*");

    public bool Matches(string image)
    {
        var reference = ImageReference.Parse(image);
        var subject = Reference.Contains(':', StringComparison.Ordinal)
            ? $"{reference.ShortRepository}:{reference.Tag ?? "latest"}"
            : reference.ShortRepository;
        var glob = "^" + Regex.Escape(Reference.ToLowerInvariant()).Replace("\\*", ".*", StringComparison.Ordinal) + "$";
        return Regex.IsMatch(subject, glob, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// The user as containerd's CRI image status reports it: the part before <c>:</c>, a uid when numeric, else a
    /// name; neither when the image names no user (the kubelet then takes root).
    /// </summary>
    public (long? Uid, string? Name) RuntimeUser()
    {
        var user = User.Split(':', 2)[0];
        if (user.Length == 0)
        {
            return (null, null);
        }

        return long.TryParse(user, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var uid)
            ? (uid, null)
            : (null, user);
    }
}
