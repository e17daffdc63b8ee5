namespace KubeContainers.Operator.ManagedContainers;

/// <summary>Ends a reconcile whose status is written but some child write was refused (a quota, a webhook, a
/// policy, RBAC): the runtime retries it with per-item back-off until the cause is lifted.</summary>
public sealed class ChildWritesRefusedException : Exception
{
    public ChildWritesRefusedException(IReadOnlyList<string> refusals)
        : base(string.Join("; ", refusals ?? []))
    {
    }

    public ChildWritesRefusedException()
    {
    }

    public ChildWritesRefusedException(string message)
        : base(message)
    {
    }

    public ChildWritesRefusedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
