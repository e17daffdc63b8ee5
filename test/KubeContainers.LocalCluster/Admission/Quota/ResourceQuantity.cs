using System.Globalization;
using KubeContainers.LocalCluster.Controllers;

namespace KubeContainers.LocalCluster.Admission.Quota;

/// <summary>How a quantity prints: the format of the text it came from, as Go's resource.Quantity keeps it.</summary>
internal enum QuantityFormat
{
    DecimalSI,
    BinarySI,
    DecimalExponent,
}

/// <summary>
/// A resource quantity with its format, printed in Go's canonical form ("1Gi", "1536Mi", "500m", "1k", "2"), so quota
/// messages and status read as the apiserver writes them. Sums keep the format of the left operand
/// (unless it is zero), as Quantity.Add.
/// </summary>
internal readonly record struct ResourceQuantity(decimal Value, QuantityFormat Format)
{
    public static readonly ResourceQuantity Zero = new(0, QuantityFormat.DecimalSI);

    public static ResourceQuantity One => new(1, QuantityFormat.DecimalSI);

    public static ResourceQuantity? Parse(string? text)
    {
        if (Quantity.Parse(text) is not { } value)
        {
            return null;
        }

        var trimmed = text!.Trim();
        var format = trimmed.EndsWith('i') ? QuantityFormat.BinarySI
            : trimmed.Contains('e', StringComparison.Ordinal) || trimmed.Contains('E', StringComparison.Ordinal) && !trimmed.EndsWith('E') ? QuantityFormat.DecimalExponent
            : QuantityFormat.DecimalSI;
        return new ResourceQuantity(value, format);
    }

    /// <summary>A zero left operand takes the right one's format, as Quantity.Add does.</summary>
    public static ResourceQuantity operator +(ResourceQuantity a, ResourceQuantity b) =>
        new(a.Value + b.Value, a.Value == 0 ? b.Format : a.Format);

    public static ResourceQuantity operator -(ResourceQuantity a, ResourceQuantity b) =>
        new(a.Value - b.Value, a.Value == 0 ? b.Format : a.Format);

    public override string ToString()
    {
        var format = Format;
        if (format == QuantityFormat.BinarySI && (Math.Abs(Value) < 1024 || Value != decimal.Truncate(Value)))
        {
            // Go prints small or fractional binary quantities in decimal rather than lose precision.
            format = QuantityFormat.DecimalSI;
        }

        if (format == QuantityFormat.BinarySI)
        {
            string[] suffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
            var mantissa = Value;
            var power = 0;
            while (power < suffixes.Length - 1 && mantissa % 1024 == 0 && mantissa != 0)
            {
                mantissa /= 1024;
                power++;
            }

            return mantissa.ToString("0", CultureInfo.InvariantCulture) + suffixes[power];
        }

        // Decimal: the largest exponent (a multiple of 3, nano to exa) that leaves an integer mantissa.
        if (Value == 0)
        {
            return "0";
        }

        var rounded = Math.Ceiling(Value * 1_000_000_000m) / 1_000_000_000m;
        for (var exponent = 18; exponent >= -9; exponent -= 3)
        {
            var scaled = rounded / Pow10(exponent);
            if (scaled == decimal.Truncate(scaled))
            {
                var number = scaled.ToString("0", CultureInfo.InvariantCulture);
                return format == QuantityFormat.DecimalExponent
                    ? exponent == 0 ? number : $"{number}e{exponent.ToString(CultureInfo.InvariantCulture)}"
                    : number + DecimalSuffix(exponent);
            }
        }

        return rounded.ToString(CultureInfo.InvariantCulture);
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < Math.Abs(exponent); i++)
        {
            result *= 10;
        }

        return exponent >= 0 ? result : 1 / result;
    }

    private static string DecimalSuffix(int exponent) => exponent switch
    {
        -9 => "n",
        -6 => "u",
        -3 => "m",
        3 => "k",
        6 => "M",
        9 => "G",
        12 => "T",
        15 => "P",
        18 => "E",
        _ => "",
    };
}
