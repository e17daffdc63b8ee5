using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace KubeContainers.Operator.Configuration;

/// <summary>
/// Reads a kubeconfig file into KubernetesClient's <see cref="K8SConfiguration"/> as its own loader does (YAML with
/// merge keys, camelCase, unknown fields ignored, relative paths against the file's folder), but without
/// <see cref="KubernetesYaml"/>: that class's static initialiser calls <c>GetTypes()</c> on the whole 12 MB
/// KubernetesClient assembly to map manifests' kinds to types, which loads all of its ~6,000 types and cost the idle
/// operator about 30 MiB of type data and mapped file (docs/benchmarks.md, "Idle memory").
/// </summary>
internal static class KubeconfigFile
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build();

    public static K8SConfiguration Load(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new KubeConfigException($"kubeconfig file not found at {file.FullName}");
        }

        using var reader = file.OpenText();
        var config = Deserializer.Deserialize<K8SConfiguration>(new MergingParser(new Parser(reader)))
            ?? throw new KubeConfigException($"kubeconfig file {file.FullName} is empty");
        config.FileName = file.FullName;
        return config;
    }
}
