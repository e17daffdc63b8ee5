using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace KubeContainers.Cli.Tests.WholeSystem;

/// <summary>
/// Golden output: the expected text sits next to the test as <c>golden/&lt;name&gt;.txt</c>. What changes from run to
/// run is normalised first: the test's namespace, ages, times, uids and pod name suffixes, and every run of spaces
/// becomes two, since a column's width follows its widest cell (an age of 9s or 10s). Run with
/// <c>UPDATE_GOLDEN=1</c> to (re)write the files, then review the diff like code.
/// </summary>
public static partial class GoldenText
{
    public static string Normalize(string text, string ns) => Gaps().Replace(
        PodSuffix().Replace(
            Uid().Replace(
                Time().Replace(
                    Age().Replace(text.Replace(ns, "NS", StringComparison.Ordinal), "<age>"),
                    "<time>"),
                "<uid>"),
            "$1-<pod>"),
        "  ");

    public static void Verify(string actual, string ns, string name, [CallerFilePath] string callerFile = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(callerFile)!, "golden", name + ".txt");
        actual = Normalize(actual, ns).ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        File.Exists(path).ShouldBeTrue($"golden file {path} does not exist: run with UPDATE_GOLDEN=1 to write it, then review it");
        actual.ShouldBe(File.ReadAllText(path), $"{path} differs (run with UPDATE_GOLDEN=1 to accept)");
    }

    [GeneratedRegex("[ ]{2,}")]
    private static partial Regex Gaps();

    /// <summary>kubectl's ages (45s, 5m12s, 3h, 2d) standing alone in a column.</summary>
    [GeneratedRegex(@"(?<=\s|^)[0-9]+[smhd]([0-9]+[smh])?(?=\s|$)", RegexOptions.Multiline)]
    private static partial Regex Age();

    [GeneratedRegex(@"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(Z|[+-][0-9:]+)")]
    private static partial Regex Time();

    [GeneratedRegex(@"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Uid();

    /// <summary>A Deployment's pod: name-replicasethash-xxxxx.</summary>
    [GeneratedRegex(@"\b([a-z][-a-z0-9]*?)-[a-z0-9]{8,10}-[a-z0-9]{5}\b")]
    private static partial Regex PodSuffix();
}
