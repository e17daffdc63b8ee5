using KubeContainers.Api;
using KubeContainers.CrdGen;

// Usage: crdgen <crd directory> [<api reference file>], relative to the working directory (make crds runs it from
// the repo root with crds and docs/api.md).
if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: KubeContainers.CrdGen <crd directory> [<api reference file>]");
    return 2;
}

Directory.CreateDirectory(args[0]);
var crds = CrdGenerator.ResourceTypes(typeof(V1Alpha1ManagedContainer).Assembly).Select(CrdGenerator.Generate).ToList();
foreach (var crd in crds)
{
    var path = Path.Combine(args[0], CrdFile.FileName(crd));
    File.WriteAllText(path, CrdFile.Render(crd));
    Console.WriteLine($"wrote {path}");
}

if (args.Length == 2)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(args[1]))!);
    File.WriteAllText(args[1], ApiReference.Render(crds, ApiConstants.Load()));
    Console.WriteLine($"wrote {args[1]}");
}

return 0;
