using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace KubeContainers.Runtime.Children;

/// <summary>
/// A short hash of the desired object, stored on the child. Containment alone cannot see a field we stopped setting
/// (a removed environment variable's map key, a dropped node selector); a changed hash says our intent changed.
/// </summary>
internal static class DesiredHash
{
    public static string Of(JsonNode desired) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(desired.ToJsonString())))[..16];
}
