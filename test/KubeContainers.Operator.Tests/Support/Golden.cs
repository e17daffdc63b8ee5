using System.Runtime.CompilerServices;
using k8s;

namespace KubeContainers.Operator.Tests.Support;

/// <summary>
/// Golden files: the expected YAML sits next to the test as <c>&lt;name&gt;.golden.yaml</c>. Run the tests with
/// <c>UPDATE_GOLDEN=1</c> to (re)write them, then review the diff like code.
/// </summary>
internal static class Golden
{
    public const string UpdateVariable = "UPDATE_GOLDEN";

    private static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    /// <summary>The objects as YAML documents, a null one as a comment so the file says what is not created.</summary>
    public static string Yaml(IEnumerable<(string Kind, object? Object)> objects)
    {
        var documents = objects.Select(o => o.Object is null ? $"# no {o.Kind}\n" : KubernetesYaml.Serialize(o.Object).TrimEnd('\n') + "\n");
        return string.Join("---\n", documents);
    }

    /// <summary>Asserts that <paramref name="actual"/> equals the golden file <paramref name="name"/>.</summary>
    public static void Verify(string actual, string name, [CallerFilePath] string callerFile = "")
    {
        var directory = Path.GetDirectoryName(callerFile);
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
        {
            throw new InvalidOperationException($"the test's source folder '{directory}' is not on this machine; golden files live there");
        }

        var path = Path.Combine(directory, name + ".golden.yaml");
        actual = Normalize(actual);
        if (Updating)
        {
            File.WriteAllText(path, actual);
            return;
        }

        if (!File.Exists(path))
        {
            Assert.Fail($"golden file {path} does not exist: run the tests with {UpdateVariable}=1 to write it, then review it");
        }

        var expected = Normalize(File.ReadAllText(path));
        if (expected != actual)
        {
            Assert.Fail($"{path} differs from the output (run with {UpdateVariable}=1 to accept it):\n{FirstDifference(expected, actual)}");
        }
    }

    private static string Normalize(string text) => text.ReplaceLineEndings("\n").TrimEnd('\n') + "\n";

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var left = i < e.Length ? e[i] : "<end of file>";
            var right = i < a.Length ? a[i] : "<end of file>";
            if (left != right)
            {
                return $"line {i + 1}\n  expected: {left}\n  actual:   {right}";
            }
        }

        return "(no line differs)";
    }
}
