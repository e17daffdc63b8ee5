using System.Text;
using System.Text.Json.Nodes;
using KubeContainers.Deploy.Tests.Support;

namespace KubeContainers.Deploy.Tests.ArgoCd;

/// <summary>
/// The Argo CD resource actions of ManagedContainer (restart, stop, start in config/argocd/resource_customizations/
/// kubecontainers.io/ManagedContainer/actions, Argo CD's upstream layout): discovery.lua and each action.lua run by a
/// real Lua 5.1 interpreter in Argo CD's sandbox over the cases of action_test.yaml. As for the health check, YAML is
/// read here and handed to Lua as table constructors. Only the test that runs lua5.1 is a [ClusterTest]; the checks
/// of the files run in <c>make test-unit</c>.
/// </summary>
public sealed class ArgoCdActionsTests
{
    private const string Folder = "config/argocd/resource_customizations/kubecontainers.io/ManagedContainer/actions";
    private const string Lua = "lua5.1";
    private const string ArgoCdConfigKey = "resource.customizations.actions.kubecontainers.io_ManagedContainer";

    /// <summary>What an action sets to the time it runs, so no expected output can hold it (upstream's test
    /// normalizes Deployment's restartedAt annotation the same way).</summary>
    private static readonly Dictionary<string, string[]> FreshTimes = new(StringComparer.Ordinal)
    {
        ["restart"] = ["spec", "restartedAt"],
    };

    private static readonly string[] Actions = ["restart", "stop", "start"];

    [Fact]
    [ClusterTest]
    public async Task Every_action_test_passes_in_Lua_5_1()
    {
        var cases = Path.Combine(Path.GetTempPath(), $"kubecontainers-action-cases-{Guid.NewGuid():N}.lua");
        File.WriteAllText(cases, CasesAsLua());
        try
        {
            var result = await ProcessRunner.RunAsync(
                Lua,
                [RepoPaths.File("test/KubeContainers.Deploy.Tests/ArgoCd/run-action-tests.lua"), RepoPaths.File(Folder), cases],
                "install it with `apt-get install -y lua5.1` (make tools does when run as root)");

            result.ExitCode.ShouldBe(0, result.Output);
            result.Stdout.ShouldContain($"{DiscoveryTests().Count + ActionTests().Count} passed, 0 failed");
        }
        finally
        {
            File.Delete(cases);
        }
    }

    [Fact]
    public void Every_testdata_file_is_used()
    {
        var used = DiscoveryTests().Select(t => t.InputPath)
            .Concat(ActionTests().SelectMany(t => new[] { t.InputPath, t.ExpectedOutputPath }))
            .Distinct();
        var files = Directory.GetFiles(RepoPaths.File($"{Folder}/testdata"), "*.yaml").Select(f => $"testdata/{Path.GetFileName(f)}");

        used.ShouldBe(files, ignoreOrder: true);
        DiscoveryTests().Select(t => t.InputPath).ShouldBeUnique();
    }

    [Fact]
    public void Every_action_has_a_script_and_tests_and_every_discovery_test_lists_them_all()
    {
        var scripts = Directory.GetDirectories(RepoPaths.File(Folder))
            .Where(d => File.Exists(Path.Combine(d, "action.lua")))
            .Select(Path.GetFileName);

        scripts.ShouldBe(Actions, ignoreOrder: true);
        ActionTests().Select(t => t.Action).Distinct().ShouldBe(Actions, ignoreOrder: true);
        foreach (var test in DiscoveryTests())
        {
            test.Result.Select(a => a!["name"]!.GetValue<string>()).ShouldBe(Actions, ignoreOrder: true, test.InputPath);
        }

        // Each action is tested both where it is enabled and where it is disabled.
        foreach (var action in Actions)
        {
            DiscoveryTests().Select(t => Disabled(t, action)).Distinct().ShouldBe([false, true], ignoreOrder: true, action);
        }
    }

    [Fact]
    public void The_action_testdata_has_the_shape_of_the_API()
    {
        foreach (var file in Directory.GetFiles(RepoPaths.File($"{Folder}/testdata"), "*.yaml"))
        {
            var yaml = Manifests.ParseFile($"{Folder}/testdata/{Path.GetFileName(file)}").ShouldHaveSingleItem();

            ApiRoundTrip.ShouldKeep(yaml, "spec", file);
            ApiRoundTrip.ShouldKeep(yaml, "status", file);
        }
    }

    [Fact]
    public void The_argocd_cm_snippet_in_the_docs_carries_the_scripts()
    {
        var docs = File.ReadAllText(RepoPaths.File("docs/argocd.md")).ReplaceLineEndings("\n");
        var block = docs.Split("```").Where((_, i) => i % 2 == 1)
            .Single(b => b.Contains(ArgoCdConfigKey, StringComparison.Ordinal));
        var configMap = Manifests.Parse(block["yaml\n".Length..]).ShouldHaveSingleItem();
        var value = configMap["data"]![ArgoCdConfigKey]!.GetValue<string>();
        var actions = Manifests.Parse(value).ShouldHaveSingleItem();

        actions["discovery.lua"]!.GetValue<string>().ShouldBe(Script("discovery.lua"), "docs/argocd.md: discovery.lua");
        var definitions = actions["definitions"]!.AsArray();
        definitions.Select(d => d!["name"]!.GetValue<string>()).ShouldBe(Actions, ignoreOrder: true);
        foreach (var definition in definitions)
        {
            var name = definition!["name"]!.GetValue<string>();
            definition["action.lua"]!.GetValue<string>().ShouldBe(Script($"{name}/action.lua"), $"docs/argocd.md: {name}");
        }
    }

    private sealed record DiscoveryTest(string InputPath, JsonArray Result);

    private sealed record ActionTest(string Action, string InputPath, string ExpectedOutputPath);

    private static string Script(string path) => File.ReadAllText(RepoPaths.File($"{Folder}/{path}")).ReplaceLineEndings("\n");

    private static bool Disabled(DiscoveryTest test, string action) =>
        test.Result.Single(a => a!["name"]!.GetValue<string>() == action)!["disabled"]?.GetValue<bool>() ?? false;

    private static JsonObject TestFile() => Manifests.ParseFile($"{Folder}/action_test.yaml").ShouldHaveSingleItem();

    private static List<DiscoveryTest> DiscoveryTests() =>
    [
        .. TestFile()["discoveryTests"]!.AsArray().Select(t => new DiscoveryTest(
            t!["inputPath"]!.GetValue<string>(),
            t["result"]!.AsArray())),
    ];

    private static List<ActionTest> ActionTests() =>
    [
        .. TestFile()["actionTests"]!.AsArray().Select(t => new ActionTest(
            t!["action"]!.GetValue<string>(),
            t["inputPath"]!.GetValue<string>(),
            t["expectedOutputPath"]!.GetValue<string>())),
    ];

    private static JsonObject Object(string path) => Manifests.ParseFile($"{Folder}/{path}").ShouldHaveSingleItem();

    private static string CasesAsLua()
    {
        var lua = new StringBuilder("return {\n  discovery = {\n");
        foreach (var test in DiscoveryTests())
        {
            lua.Append($"    {{name = {LuaLiteral.String(test.InputPath)}, obj = {LuaLiteral.Of(Object(test.InputPath))}, ")
                .Append($"expected = {LuaLiteral.Of(test.Result)}}},\n");
        }

        lua.Append("  },\n  actions = {\n");
        foreach (var test in ActionTests())
        {
            var fresh = FreshTimes.TryGetValue(test.Action, out var path) ? LuaLiteral.Of(new JsonArray([.. path.Select(p => JsonValue.Create(p))])) : "nil";
            lua.Append($"    {{name = {LuaLiteral.String(test.InputPath)}, action = {LuaLiteral.String(test.Action)}, fresh = {fresh}, ")
                .Append($"obj = {LuaLiteral.Of(Object(test.InputPath))}, expected = {LuaLiteral.Of(Object(test.ExpectedOutputPath))}}},\n");
        }

        return lua.Append("  },\n}\n").ToString();
    }
}
