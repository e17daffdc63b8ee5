namespace KubeContainers.Runtime.Controller;

/// <summary>A reconcile failure that retrying cannot fix (invalid spec, say): logged and not retried until the
/// object changes again.</summary>
public sealed class TerminalReconcileException : Exception
{
    public TerminalReconcileException(string message)
        : base(message)
    {
    }

    public TerminalReconcileException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
