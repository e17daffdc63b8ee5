using System.Text.Json.Nodes;
using KubeContainers.Cli;
using KubeContainers.Cli.Create;

namespace KubeContainers.Cli.Tests.Create;

/// <summary>Parses a command line as kubectl-mc does and builds what create would send.</summary>
internal static class Cli
{
    public static JsonObject Manifest(params string[] args)
    {
        var parse = CliApp.Build().Parse(["create", .. args]);
        parse.Errors.ShouldBeEmpty();
        return ManifestJson.Node(ManifestBuilder.Build(parse, null));
    }

    /// <summary>The message of the error a bad command line gets.</summary>
    public static string Refusal(params string[] args)
    {
        var parse = CliApp.Build().Parse(["create", .. args]);
        if (parse.Errors.Count > 0)
        {
            return string.Join("\n", parse.Errors.Select(e => e.Message));
        }

        return Should.Throw<CliException>(() => ManifestBuilder.Build(parse, null)).Message;
    }
}
