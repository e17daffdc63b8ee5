using System.Text;
using KubeContainers.Deploy.Tests.Support;

namespace KubeContainers.Deploy.Tests.ArgoCd;

/// <summary>
/// The Argo CD health check of ManagedContainer (config/argocd/resource_customizations/kubecontainers.io/
/// ManagedContainer, Argo CD's upstream layout), run by a real Lua 5.1 interpreter. YAML is read here, by YamlDotNet,
/// and handed to Lua as table constructors, like Argo CD hands it the object; so run-health-tests.lua needs no YAML
/// or JSON parser of its own (Lua 5.1 has neither, and a hand-written one would be the least tested part), and the
/// testdata stays in the exact form Argo CD's own test harness reads.
/// </summary>
[ClusterTest]
public sealed class ArgoCdHealthTests
{
    private const string Folder = "config/argocd/resource_customizations/kubecontainers.io/ManagedContainer";
    private const string Lua = "lua5.1";

    private static readonly string[] HealthStatuses = ["Healthy", "Progressing", "Degraded", "Suspended"];

    [Fact]
    public async Task Every_health_test_passes_in_Lua_5_1()
    {
        var cases = Path.Combine(Path.GetTempPath(), $"kubecontainers-health-cases-{Guid.NewGuid():N}.lua");
        File.WriteAllText(cases, CasesAsLua());
        try
        {
            var result = await ProcessRunner.RunAsync(
                Lua,
                [RepoPaths.File("test/KubeContainers.Deploy.Tests/ArgoCd/run-health-tests.lua"), RepoPaths.File($"{Folder}/health.lua"), cases],
                "install it with `apt-get install -y lua5.1` (make tools does when run as root)");

            result.ExitCode.ShouldBe(0, result.Output);
            result.Stdout.ShouldContain($"{Tests().Count} passed, 0 failed");
        }
        finally
        {
            File.Delete(cases);
        }
    }

    [Fact]
    public void Every_testdata_file_is_a_test_and_every_health_status_is_covered()
    {
        var inputs = Tests().Select(t => t.InputPath).ToList();
        var files = Directory.GetFiles(RepoPaths.File($"{Folder}/testdata"), "*.yaml").Select(f => $"testdata/{Path.GetFileName(f)}");

        inputs.ShouldBeUnique();
        inputs.ShouldBe(files, ignoreOrder: true);
        Tests().Select(t => t.Status).Distinct().ShouldBe(HealthStatuses, ignoreOrder: true);
    }

    [Fact]
    public void The_testdata_statuses_have_the_shape_of_the_API()
    {
        foreach (var input in Tests().Select(t => t.InputPath))
        {
            ApiRoundTrip.ShouldKeep(Manifests.ParseFile($"{Folder}/{input}").ShouldHaveSingleItem(), "status", input);
        }
    }

    [Fact]
    public void The_argocd_cm_snippet_in_the_docs_is_the_health_check()
    {
        var docs = File.ReadAllText(RepoPaths.File("docs/argocd.md"));
        var lua = File.ReadAllLines(RepoPaths.File($"{Folder}/health.lua"));
        var indented = string.Join('\n', lua.Select(l => l.Length == 0 ? "" : "    " + l));

        docs.ShouldContain("resource.customizations.health.kubecontainers.io_ManagedContainer: |");
        docs.ReplaceLineEndings("\n").ShouldContain(indented, Case.Sensitive, "docs/argocd.md must carry health.lua verbatim (indented by 4)");
    }

    private sealed record HealthTest(string InputPath, string Status, string Message);

    private static List<HealthTest> Tests() =>
    [
        .. Manifests.ParseFile($"{Folder}/health_test.yaml").ShouldHaveSingleItem()["tests"]!.AsArray().Select(t => new HealthTest(
            t!["inputPath"]!.GetValue<string>(),
            t["healthStatus"]!["status"]!.GetValue<string>(),
            t["healthStatus"]!["message"]!.GetValue<string>())),
    ];

    private static string CasesAsLua()
    {
        var lua = new StringBuilder("return {\n");
        foreach (var test in Tests())
        {
            var obj = Manifests.ParseFile($"{Folder}/{test.InputPath}").ShouldHaveSingleItem();
            lua.Append($"  {{name = {LuaLiteral.String(test.InputPath)}, status = {LuaLiteral.String(test.Status)}, ")
                .Append($"message = {LuaLiteral.String(test.Message)}, obj = {LuaLiteral.Of(obj)}}},\n");
        }

        return lua.Append("}\n").ToString();
    }
}
