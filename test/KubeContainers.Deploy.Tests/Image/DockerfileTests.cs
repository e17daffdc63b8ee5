using System.Xml.Linq;
using KubeContainers.Deploy.Tests.Support;

namespace KubeContainers.Deploy.Tests.Image;

/// <summary>
/// operator/Dockerfile cannot be built here (no Docker engine), so what can be checked by reading is checked: it
/// copies every project the operator needs and nothing .dockerignore hides, runs as the non-root user the chart and
/// config/manager expect, and starts the operator's assembly.
/// </summary>
public sealed class DockerfileTests
{
    private static readonly string[] Lines = File.ReadAllLines(RepoPaths.File("operator/Dockerfile"));

    [Fact]
    public void Every_project_the_operator_references_is_copied_and_not_ignored()
    {
        var copied = Copies().ToList();
        var included = File.ReadAllLines(RepoPaths.File(".dockerignore"))
            .Where(l => l.StartsWith('!')).Select(l => l[1..].TrimEnd('/')).ToList();

        foreach (var project in ProjectsOf("operator/KubeContainers.Operator/KubeContainers.Operator.csproj"))
        {
            var folder = Path.GetDirectoryName(project)!;
            copied.ShouldContain(folder, $"the Dockerfile does not copy {folder}");
            copied.ShouldContain(project, $"the Dockerfile does not copy {project} before the restore");
            included.ShouldContain(folder, $".dockerignore leaves {folder} out of the build context");
        }

        foreach (var file in copied)
        {
            Path.Exists(RepoPaths.File(file)).ShouldBeTrue($"the Dockerfile copies {file}, which does not exist");
            if (!file.StartsWith("operator/", StringComparison.Ordinal))
            {
                included.ShouldContain(file, $".dockerignore leaves {file} out of the build context");
            }
        }
    }

    [Fact]
    public void The_image_runs_as_the_non_root_user_the_manifests_expect()
    {
        var finalStage = Lines.SkipWhile(l => !l.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet:", StringComparison.Ordinal)).ToList();
        finalStage.ShouldNotBeEmpty("the runtime stage is the ASP.NET Core image (the operator serves health and metrics)");
        finalStage[0].ShouldContain("chiseled", Case.Sensitive, "a minimal runtime image: no shell, no package manager");
        var user = finalStage.Last(l => l.StartsWith("USER ", StringComparison.Ordinal))[5..].Trim();

        int.TryParse(user, out var uid).ShouldBeTrue("USER must be numeric, or Kubernetes cannot verify runAsNonRoot");
        uid.ShouldBeGreaterThan(0);
        var chart = Manifests.ParseFile("charts/kubecontainers/values.yaml").ShouldHaveSingleItem();
        chart["podSecurityContext"]!["runAsUser"]!.GetValue<int>().ShouldBe(uid);
        var manager = Manifests.ParseFile("config/manager/manager.yaml").ShouldHaveSingleItem();
        OperatorDeployment.PodSpec(manager)["securityContext"]!["runAsUser"]!.GetValue<int>().ShouldBe(uid);
    }

    [Fact]
    public void The_entrypoint_starts_the_operator()
    {
        var entrypoint = Lines.Single(l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal));

        entrypoint.ShouldBe("""ENTRYPOINT ["/app/KubeContainers.Operator"]""");
        Lines.ShouldContain(l => l.Contains("dotnet publish operator/KubeContainers.Operator/KubeContainers.Operator.csproj", StringComparison.Ordinal));
    }

    /// <summary>The sources of every COPY from the build context (not from another stage).</summary>
    private static IEnumerable<string> Copies() =>
        from line in Lines
        where line.StartsWith("COPY ", StringComparison.Ordinal) && !line.Contains("--from", StringComparison.Ordinal)
        let parts = line[5..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
        from source in parts[..^1]
        select source.TrimEnd('/');

    /// <summary>The project and every project it references, transitively, relative to the repository.</summary>
    private static IEnumerable<string> ProjectsOf(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            foreach (var reference in XDocument.Load(RepoPaths.File(current)).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(RepoPaths.File(Path.GetDirectoryName(current)!), reference.Attribute("Include")!.Value));
                pending.Push(Path.GetRelativePath(RepoPaths.Root, full).Replace('\\', '/'));
            }
        }

        return seen;
    }
}
