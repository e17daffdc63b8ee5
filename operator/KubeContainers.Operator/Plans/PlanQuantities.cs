using System.Globalization;
using KubeContainers.Api.Validation;

namespace KubeContainers.Operator.Plans;

/// <summary>Quantity arithmetic for plans: sums for the totals, text for status and messages.</summary>
public static class PlanQuantities
{
    /// <summary>The value, or 0 for none; a quantity that does not parse (the CRD's pattern refuses those) counts 0.</summary>
    public static decimal Value(string? quantity) =>
        quantity is null ? 0 : QuantityRules.ParseUnsigned(quantity) ?? 0;

    /// <summary>CPU as Kubernetes writes it: whole cores, else millicores (<c>2</c>, <c>1500m</c>).</summary>
    public static string Cpu(decimal cores) =>
        cores == decimal.Truncate(cores)
            ? cores.ToString("0", CultureInfo.InvariantCulture)
            : decimal.Ceiling(cores * 1000).ToString("0", CultureInfo.InvariantCulture) + "m";

    /// <summary>Bytes in the largest binary unit that divides them (<c>512Mi</c>, <c>3Gi</c>), else plain bytes.</summary>
    public static string Bytes(decimal bytes)
    {
        var whole = decimal.Ceiling(bytes);
        foreach (var (suffix, size) in Units)
        {
            if (whole >= size && whole % size == 0)
            {
                return (whole / size).ToString("0", CultureInfo.InvariantCulture) + suffix;
            }
        }

        return whole.ToString("0", CultureInfo.InvariantCulture);
    }

    private static readonly (string Suffix, decimal Size)[] Units =
    [
        ("Ei", 1L << 60), ("Pi", 1L << 50), ("Ti", 1L << 40), ("Gi", 1L << 30), ("Mi", 1L << 20), ("Ki", 1L << 10),
    ];
}
