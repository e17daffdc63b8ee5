using System.Runtime.CompilerServices;

namespace KubeContainers.Testing;

/// <summary>Files of the repository (crds/, config/samples/), found from this source file's location, so the
/// tests work wherever the binaries are built.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string File(string relative) => Path.Combine(Root, relative);

    private static string FindRoot([CallerFilePath] string thisFile = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(thisFile)!); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "KubeContainers.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no KubeContainers.sln above {thisFile}");
    }
}
