using System.Reflection;

namespace KubeContainers.Api.Tests;

/// <summary>
/// The repository root: the first folder holding KubeContainers.sln above the test binaries, or, when they are
/// built outside the tree (<c>--artifacts-path</c>), above the source folder recorded at build time.
/// </summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var sourceDirectory = typeof(RepositoryRoot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "SourceDirectory").Value!;
        foreach (var start in new[] { AppContext.BaseDirectory, sourceDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "KubeContainers.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException($"no KubeContainers.sln above {AppContext.BaseDirectory} or {sourceDirectory}");
    }
}
