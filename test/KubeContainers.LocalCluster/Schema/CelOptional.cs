using Cel;

namespace KubeContainers.LocalCluster.Schema;

/// <summary>
/// CEL's <c>optional</c> value, as far as a rule with <c>optionalOldSelf: true</c> needs it: <c>oldSelf</c> is
/// then an optional, read with <c>oldSelf.hasValue()</c>, <c>oldSelf.value()</c> and <c>oldSelf.orValue(x)</c>.
/// The <c>Cel</c> package has no optional types; the rest of them (<c>optional.of</c>, <c>.?field</c>) is not here.
/// </summary>
internal sealed record CelOptional(bool HasValue, object? Value)
{
    public static void Register(CelEnvironment env)
    {
        env.RegisterFunction("hasValue", [typeof(CelOptional)], a => ((CelOptional)a[0]!).HasValue);
        env.RegisterFunction("value", [typeof(CelOptional)], a => a[0] is CelOptional { HasValue: true } o
            ? o.Value
            : throw new CelException("optional.none() dereference"));
        env.RegisterFunction("orValue", [typeof(CelOptional), typeof(object)], a => a[0] is CelOptional { HasValue: true } o ? o.Value : a[1]);
    }
}
