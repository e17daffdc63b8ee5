using KubeContainers.Api;
using KubeContainers.CrdGen;

// Usage: crdgen <output directory>, relative to the working directory (make crds runs it from the repo root).
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: KubeContainers.CrdGen <output directory>");
    return 2;
}

Directory.CreateDirectory(args[0]);
foreach (var type in CrdGenerator.ResourceTypes(typeof(V1Alpha1ManagedContainer).Assembly))
{
    var crd = CrdGenerator.Generate(type);
    var path = Path.Combine(args[0], CrdFile.FileName(crd));
    File.WriteAllText(path, CrdFile.Render(crd));
    Console.WriteLine($"wrote {path}");
}

return 0;
