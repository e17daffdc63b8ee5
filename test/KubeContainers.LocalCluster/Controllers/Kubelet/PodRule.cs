using System.Text.RegularExpressions;

namespace KubeContainers.LocalCluster.Controllers.Kubelet;

/// <summary>
/// How containers whose image matches <paramref name="ImagePattern"/> behave. A pattern with <c>*</c> or <c>?</c> is a
/// glob over the whole image reference; any other pattern matches as a word inside it (bounded by the start, the end
/// or one of <c>/ : . - _ @</c>), so <c>oom</c> matches <c>registry/oom:1</c> but not <c>bloom</c>.
/// <paramref name="ExitCode"/> 0 means "from an <c>exit-N</c> part of the image, else the behaviour's default";
/// a zero <paramref name="Delay"/> means PodReadyDelay (SlowStartDelay for <see cref="PodBehavior.SlowStart"/>).
/// </summary>
public sealed record PodRule(string ImagePattern, PodBehavior Behavior, int ExitCode = 0, TimeSpan Delay = default)
{
    /// <summary>The rules every cluster knows, tried after <see cref="LocalClusterOptions.PodRules"/>.</summary>
    public static IReadOnlyList<PodRule> BuiltIn { get; } =
    [
        new("pull-error", PodBehavior.ImagePullError),
        new("does-not-exist", PodBehavior.ImagePullError),
        new("crashloop", PodBehavior.CrashLoop),
        new("oom", PodBehavior.OOMKilled),
        new("never-ready", PodBehavior.NeverReady),
        new("slow-start", PodBehavior.SlowStart),
    ];

    public bool Matches(string image)
    {
        if (ImagePattern.Contains('*', StringComparison.Ordinal) || ImagePattern.Contains('?', StringComparison.Ordinal))
        {
            var glob = "^" + Regex.Escape(ImagePattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$";
            return Regex.IsMatch(image, glob, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }

        const string Boundary = "[/:.\\-_@]";
        var word = $"(^|{Boundary}){Regex.Escape(ImagePattern)}($|{Boundary})";
        return Regex.IsMatch(image, word, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    /// <summary>The first matching rule among the test's rules, then the built-in ones; Run when none matches.</summary>
    public static PodRule For(string image, IReadOnlyList<PodRule> custom) =>
        custom.Concat(BuiltIn).FirstOrDefault(r => r.Matches(image)) ?? new PodRule("*", PodBehavior.Run);

    /// <summary>N from an <c>exit-N</c> word in the image (e.g. <c>busybox:exit-3</c>), if any.</summary>
    public static int? ExitCodeIn(string image)
    {
        var match = Regex.Match(image, "(^|[/:.\\-_@])exit-(\\d{1,3})($|[/:.\\-_@])", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return match.Success ? int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }
}
