namespace KubeContainers.LocalCluster.Patching;

/// <summary>RFC 6901 JSON pointers as JSON patch uses them.</summary>
internal static class JsonPointer
{
    /// <summary>Splits a pointer into unescaped reference tokens; "" is the whole document.</summary>
    public static string[] Parse(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }

        if (pointer[0] != '/')
        {
            throw new PatchException($"JSON pointer must be empty or start with '/': \"{pointer}\"");
        }

        // ~1 is decoded before ~0 so that "~01" becomes "~1" and not "/" (RFC 6901 section 4).
        return pointer[1..].Split('/').Select(token => token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
    }
}
