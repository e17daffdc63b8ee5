using System.Reflection;
using System.Xml.Linq;
using KubeContainers.Api;

namespace KubeContainers.CrdGen;

/// <summary>
/// The condition types, reasons and phases the API uses: the string constants of their classes in the Api assembly,
/// each with its XML documentation summary (the Api project writes its documentation file for this).
/// </summary>
internal sealed record ApiConstants(
    IReadOnlyList<(string Name, string Meaning)> ConditionTypes,
    IReadOnlyList<(string Name, string Meaning)> Reasons,
    IReadOnlyList<(string Name, string Meaning)> Phases)
{
    public static ApiConstants Load()
    {
        var assembly = typeof(V1Alpha1ManagedContainer).Assembly;
        var xml = Path.ChangeExtension(assembly.Location, ".xml");
        var docs = File.Exists(xml)
            ? XDocument.Load(xml).Descendants("member")
                .Where(m => m.Element("summary") is not null)
                .ToDictionary(m => (string)m.Attribute("name")!, m => Summary(m.Element("summary")!), StringComparer.Ordinal)
            : throw new FileNotFoundException("the Api assembly's XML documentation (GenerateDocumentationFile in its project)", xml);
        return new ApiConstants(Of(typeof(Api.ConditionTypes), docs), Of(typeof(ConditionReasons), docs), Of(typeof(ManagedContainerPhases), docs));
    }

    private static List<(string, string)> Of(Type type, Dictionary<string, string> docs) =>
        [.. type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => ((string)f.GetRawConstantValue()!, docs.GetValueOrDefault($"F:{type.FullName}.{f.Name}", "")))];

    /// <summary>The summary's text with <c>see cref</c> written as the name it points to, and <c>c</c> as code.</summary>
    private static string Summary(XElement summary) => string.Concat(summary.Nodes().Select(node => node switch
    {
        XText text => text.Value,
        XElement { Name.LocalName: "see" } see => "`" + ((string?)see.Attribute("cref") ?? "").Split('.', ':').Last() + "`",
        XElement { Name.LocalName: "c" } code => "`" + code.Value + "`",
        XElement other => other.Value,
        _ => "",
    })).Trim();
}
