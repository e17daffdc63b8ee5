using System.Globalization;
using System.Numerics;

namespace KubeContainers.LocalCluster.Schema;

/// <summary>
/// A Kubernetes resource quantity held exactly as apimachinery's <c>resource.Quantity</c> holds it, for the CEL
/// quantity library: the value is <see cref="Unscaled"/> × 10^<see cref="Scale"/>, never a floating-point number.
/// Go keeps a quantity either as an int64 with a scale (its fast form) or as an arbitrary-precision decimal
/// (<c>inf.Dec</c>, taken when the text has more than 18 digits, a fraction of a binary suffix, precision below a
/// nano, or when arithmetic overflows). Which form a value is in shows in CEL: only the int64 form converts with
/// <c>isInteger()</c>/<c>asInteger()</c> (so <c>quantity("1.5Gi").isInteger()</c> is false upstream), and
/// <c>asApproximateFloat()</c> multiplies the unscaled number by a power of ten. So both are kept
/// (<see cref="IsDecimal"/>). The format (DecimalSI, BinarySI, DecimalExponent) is not kept: only printing uses it,
/// and the CEL library never prints a quantity.
/// </summary>
internal sealed partial class KubeQuantity
{
    /// <summary>The most digits a power of ten may have here: aligning two quantities whose exponents differ by more
    /// (e.g. "1e100000" + "1") is refused rather than computed (Go would allocate the number).</summary>
    private const int MaxPowerOfTen = 10_000;

    private KubeQuantity(BigInteger unscaled, int scale, bool isDecimal)
    {
        Unscaled = unscaled;
        Scale = scale;
        IsDecimal = isDecimal;
    }

    public BigInteger Unscaled { get; }

    /// <summary>The power of ten the unscaled number is multiplied by (Go's Scale; inf.Dec's scale negated).</summary>
    public int Scale { get; }

    /// <summary>True when Go would hold the value as an inf.Dec rather than an int64 with a scale.</summary>
    public bool IsDecimal { get; }

    public int Sign => Unscaled.Sign;

    /// <summary>resource.NewQuantity(value, ...): an int64 at scale 0.</summary>
    public static KubeQuantity FromInt64(long value) => new(value, 0, isDecimal: false);

    // ---- what the CEL library does with a quantity

    /// <summary>Quantity.AsInt64: the value as an int64 when Go holds it as an int64 at a scale of zero or more and it
    /// fits; null otherwise (an inf.Dec never converts, nor does "1000m", held as 1000 × 10^-3).</summary>
    public long? AsInt64()
    {
        if (IsDecimal || Scale < 0)
        {
            return null;
        }

        return ScaleUp((long)Unscaled, Scale);
    }

    /// <summary>Quantity.AsApproximateFloat64: the unscaled number as a float64 times math.Pow10(scale).</summary>
    public double AsApproximateFloat()
    {
        var number = IsDecimal
            ? double.Parse(Unscaled.ToString(CultureInfo.InvariantCulture), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)
            : (long)Unscaled;
        return Scale == 0 ? number : number * GoPow10(Scale);
    }

    /// <summary>Quantity.Cmp: -1, 0 or 1, exactly.</summary>
    public int CompareTo(KubeQuantity other) => Compare(Unscaled, Scale, other.Unscaled, other.Scale);

    /// <summary>Quantity.Add: in the int64 form while the sum fits it, else as a decimal.</summary>
    public KubeQuantity Add(KubeQuantity other) =>
        (!IsDecimal && !other.IsDecimal ? Int64Sum(this, other.Unscaled, other.Scale) : null) ?? DecimalSum(this, other.Unscaled, other.Scale);

    /// <summary>Quantity.Sub, likewise.</summary>
    public KubeQuantity Sub(KubeQuantity other) =>
        (!IsDecimal && !other.IsDecimal && FitsInt64(-other.Unscaled) ? Int64Sum(this, -other.Unscaled, other.Scale) : null)
        ?? DecimalSum(this, -other.Unscaled, other.Scale);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Unscaled}e{Scale}{(IsDecimal ? " (decimal)" : "")}");

    /// <summary>int64Amount.Add: aligned to the smaller scale; null when either step overflows an int64.</summary>
    private static KubeQuantity? Int64Sum(KubeQuantity a, BigInteger other, int otherScale)
    {
        if (other.IsZero)
        {
            return a;
        }

        if (a.Unscaled.IsZero)
        {
            return new KubeQuantity(other, otherScale, isDecimal: false);
        }

        var (x, y, scale) = ((long)a.Unscaled, (long)other, a.Scale);
        if (a.Scale > otherScale)
        {
            if (ScaleUp(x, (long)a.Scale - otherScale) is not { } up)
            {
                return null;
            }

            (x, scale) = (up, otherScale);
        }
        else if (a.Scale < otherScale)
        {
            if (ScaleUp(y, (long)otherScale - a.Scale) is not { } up)
            {
                return null;
            }

            y = up;
        }

        var sum = (BigInteger)x + y;
        return FitsInt64(sum) ? new KubeQuantity(sum, scale, isDecimal: false) : null;
    }

    /// <summary>inf.Dec.Add: both aligned to the smaller scale, exactly.</summary>
    private static KubeQuantity DecimalSum(KubeQuantity a, BigInteger other, int otherScale)
    {
        var scale = Math.Min(a.Scale, otherScale);
        var sum = (a.Unscaled * PowerOfTen((long)a.Scale - scale)) + (other * PowerOfTen((long)otherScale - scale));
        return new KubeQuantity(sum, scale, isDecimal: true);
    }

    /// <summary>positiveScaleInt64: value × 10^scale, or null when it overflows an int64.</summary>
    private static long? ScaleUp(long value, long scale)
    {
        if (value == 0)
        {
            return 0;
        }

        if (scale > 18)
        {
            return null;
        }

        var product = value * PowerOfTen(scale);
        return FitsInt64(product) ? (long)product : null;
    }

    private static int Compare(BigInteger a, int aScale, BigInteger b, int bScale)
    {
        if (a.Sign != b.Sign)
        {
            return a.Sign.CompareTo(b.Sign);
        }

        if (a.IsZero || aScale == bScale)
        {
            return a.CompareTo(b);
        }

        // Different orders of magnitude decide without aligning; within one, the scales differ by at most the digits.
        var magnitudeA = Digits(a) + (long)aScale;
        var magnitudeB = Digits(b) + (long)bScale;
        if (magnitudeA != magnitudeB)
        {
            return magnitudeA > magnitudeB ? a.Sign : -a.Sign;
        }

        return aScale > bScale
            ? (a * PowerOfTen((long)aScale - bScale)).CompareTo(b)
            : a.CompareTo(b * PowerOfTen((long)bScale - aScale));
    }

    private static int Digits(BigInteger value) => BigInteger.Abs(value).ToString(CultureInfo.InvariantCulture).Length;

    private static BigInteger PowerOfTen(long exponent) => exponent <= MaxPowerOfTen
        ? BigInteger.Pow(10, (int)exponent)
        : throw new Cel.CelException("quantity exponent out of range");

    private static bool FitsInt64(BigInteger value) => value >= long.MinValue && value <= long.MaxValue;

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static readonly double[] Pow10Table =
    [
        1e00, 1e01, 1e02, 1e03, 1e04, 1e05, 1e06, 1e07, 1e08, 1e09, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24, 1e25, 1e26, 1e27, 1e28, 1e29, 1e30, 1e31,
    ];

    private static readonly double[] Pow10Positive32 = [1e00, 1e32, 1e64, 1e96, 1e128, 1e160, 1e192, 1e224, 1e256, 1e288];

    private static readonly double[] Pow10Negative32 = [1e-00, 1e-32, 1e-64, 1e-96, 1e-128, 1e-160, 1e-192, 1e-224, 1e-256, 1e-288, 1e-320];

    /// <summary>Go's math.Pow10, whose rounding asApproximateFloat inherits: a product (or quotient) of two table
    /// entries, +Inf above 308, 0 below -323.</summary>
    private static double GoPow10(int n) => n switch
    {
        >= 0 and <= 308 => Pow10Positive32[n / 32] * Pow10Table[n % 32],
        >= -323 and < 0 => Pow10Negative32[-n / 32] / Pow10Table[-n % 32],
        > 308 => double.PositiveInfinity,
        _ => 0,
    };
}
