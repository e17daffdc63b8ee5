namespace KubeContainers.LocalCluster.Patching;

/// <summary>
/// A patch that cannot be applied to the object. The message is worded like the apiserver's
/// (evanphx/json-patch for JSON patch, apimachinery strategicpatch/mergepatch for strategic merge
/// patch) so the HTTP layer can pass it on unchanged, typically as 422 Unprocessable Entity.
/// </summary>
public sealed class PatchException(string message) : Exception(message);
