using System.Numerics;
using Cel;

namespace KubeContainers.LocalCluster.Schema;

/// <summary>
/// Kubernetes' CEL quantity library (apiserver/pkg/cel/library/quantity.go) as kube-apiserver 1.31 declares it, in
/// CRD rules and admission policies alike: <c>quantity(string)</c> (Go's parse error when the text is not a
/// quantity), <c>isQuantity(string)</c>, <c>sign(Quantity)</c> (a global function upstream, not a member), and on a
/// Quantity <c>isInteger()</c>, <c>asInteger()</c> (<c>cannot convert value to integer</c> when it does not fit),
/// <c>asApproximateFloat()</c>, <c>add</c> and <c>sub</c> (of a Quantity or an int), <c>isLessThan</c>,
/// <c>isGreaterThan</c> and <c>compareTo</c>; <c>==</c> compares values ("1" == "1000m"). All of it exact
/// (<see cref="KubeQuantity"/>). <c>mul</c>, <c>div</c> and <c>divInt</c> came after 1.31 and are not here.
/// A quantity is a <see cref="CelType"/> because that is the one kind of value the <c>Cel</c> package compares
/// through its <c>Equals</c> (for <c>==</c>, <c>!=</c> and <c>in</c>).
/// </summary>
internal sealed class CelQuantity : CelType
{
    /// <summary>The CEL type's name, as cel-go prints it in errors.</summary>
    public const string TypeName = "kubernetes.Quantity";

    public CelQuantity(KubeQuantity quantity)
        : base(TypeName) => Quantity = quantity;

    public KubeQuantity Quantity { get; }

    public static void Register(CelEnvironment env)
    {
        env.RegisterFunction("quantity", [typeof(string)], a =>
            new CelQuantity(KubeQuantity.Parse((string)a[0]!, out var error) ?? throw new CelException(error!)));
        env.RegisterFunction("isQuantity", [typeof(string)], a => KubeQuantity.Parse((string)a[0]!, out _) is not null);
        env.RegisterFunction("sign", [typeof(CelQuantity)], a => (long)Of(a[0]).Sign);
        env.RegisterFunction("isInteger", [typeof(CelQuantity)], a => Of(a[0]).AsInt64() is not null);
        env.RegisterFunction("asInteger", [typeof(CelQuantity)], a => Of(a[0]).AsInt64() ?? throw new CelException("cannot convert value to integer"));
        env.RegisterFunction("asApproximateFloat", [typeof(CelQuantity)], a => Of(a[0]).AsApproximateFloat());
        env.RegisterFunction("add", [typeof(CelQuantity), typeof(CelQuantity)], a => new CelQuantity(Of(a[0]).Add(Of(a[1]))));
        env.RegisterFunction("add", [typeof(CelQuantity), typeof(long)], a => new CelQuantity(Of(a[0]).Add(KubeQuantity.FromInt64((long)a[1]!))));
        env.RegisterFunction("sub", [typeof(CelQuantity), typeof(CelQuantity)], a => new CelQuantity(Of(a[0]).Sub(Of(a[1]))));
        env.RegisterFunction("sub", [typeof(CelQuantity), typeof(long)], a => new CelQuantity(Of(a[0]).Sub(KubeQuantity.FromInt64((long)a[1]!))));
        env.RegisterFunction("isLessThan", [typeof(CelQuantity), typeof(CelQuantity)], a => Of(a[0]).CompareTo(Of(a[1])) < 0);
        env.RegisterFunction("isGreaterThan", [typeof(CelQuantity), typeof(CelQuantity)], a => Of(a[0]).CompareTo(Of(a[1])) > 0);
        env.RegisterFunction("compareTo", [typeof(CelQuantity), typeof(CelQuantity)], a => (long)Of(a[0]).CompareTo(Of(a[1])));
    }

    /// <summary>Equal values are equal quantities, whatever their text or form ("1", "1000m", "1e3m").</summary>
    public override bool Equals(object? obj) => obj is CelQuantity other && Quantity.CompareTo(other.Quantity) == 0;

    /// <summary>The same for equal values: trailing zeros moved into the scale.</summary>
    public override int GetHashCode()
    {
        var (unscaled, scale) = (Quantity.Unscaled, (long)Quantity.Scale);
        if (unscaled.IsZero)
        {
            return 0;
        }

        while (BigInteger.Remainder(unscaled, 10).IsZero)
        {
            unscaled /= 10;
            scale++;
        }

        return HashCode.Combine(unscaled, scale);
    }

    public override string ToString() => $"{TypeName}({Quantity})";

    private static KubeQuantity Of(object? value) => ((CelQuantity)value!).Quantity;
}
