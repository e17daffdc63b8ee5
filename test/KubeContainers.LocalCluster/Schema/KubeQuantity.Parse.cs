using System.Globalization;
using System.Numerics;

namespace KubeContainers.LocalCluster.Schema;

/// <summary>Go's resource.ParseQuantity, rule for rule: which texts parse, to what value and in which form, and the
/// errors of those that do not.</summary>
internal sealed partial class KubeQuantity
{
    /// <summary>resource.ErrFormatWrong.</summary>
    public const string FormatError = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

    /// <summary>resource.ErrNumeric.</summary>
    public const string NumericError = "unable to parse numeric part of quantity";

    /// <summary>resource.ErrSuffix.</summary>
    public const string SuffixError = "unable to parse quantity's suffix";

    private const int NanoScale = -9;

    private static readonly BigInteger MaxInt64 = long.MaxValue;

    /// <summary>resource.ParseQuantity: the quantity, or null with Go's error text in <paramref name="error"/>.</summary>
    public static KubeQuantity? Parse(string text, out string? error)
    {
        error = null;
        if (text.Length == 0)
        {
            error = FormatError;
            return null;
        }

        if (text == "0")
        {
            return FromInt64(0);
        }

        if (!Split(text, out var positive, out var number, out var whole, out var fraction, out var suffix))
        {
            error = FormatError;
            return null;
        }

        if (!Interpret(suffix, out var binary, out var exponent))
        {
            error = SuffixError;
            return null;
        }

        // Go's fast path: an int64 with a scale, when the digits surely fit.
        int precision;
        var scale = 0;
        var mantissa = 1L;
        if (binary)
        {
            if (exponent >= 0 && fraction.Length == 0)
            {
                mantissa <<= exponent;
                precision = 15 - whole.Length - (int)((float)exponent * 3 / 10) - 1;
            }
            else
            {
                precision = -1;
            }
        }
        else
        {
            scale = exponent;
            precision = 18 - (whole.Length + fraction.Length);
        }

        if (precision >= 0)
        {
            scale = unchecked(scale - fraction.Length);
            if (scale >= NanoScale)
            {
                if (!long.TryParse(whole + fraction, NumberStyles.None, CultureInfo.InvariantCulture, out var shifted))
                {
                    error = NumericError;
                    return null;
                }

                var product = (BigInteger)shifted * mantissa;
                if (FitsInt64(product))
                {
                    return new KubeQuantity(positive ? product : -product, scale, isDecimal: false);
                }
            }
        }

        return ParseDecimal(number, binary, exponent, out error);
    }

    /// <summary>Go's slow path: the number as an arbitrary-precision decimal, rounded up (away from zero) to a nano,
    /// a binary quantity capped at 2^63-1.</summary>
    private static KubeQuantity? ParseDecimal(string number, bool binary, int exponent, out string? error)
    {
        error = null;
        if (!DecimalText(number, out var unscaled, out var digitsAfterPoint))
        {
            error = NumericError;
            return null;
        }

        // inf.Dec counts digits after the point; Scale here counts the power of ten.
        var scale = -digitsAfterPoint;
        if (binary)
        {
            unscaled *= BigInteger.One << exponent;
        }
        else
        {
            scale = unchecked(scale + exponent);
        }

        var sign = unscaled.Sign;
        unscaled = BigInteger.Abs(unscaled);
        if (!unscaled.IsZero)
        {
            unscaled = RoundUpToScale(unscaled, scale, NanoScale);
            scale = NanoScale;
        }

        if (binary && Compare(unscaled, scale, MaxInt64, 0) > 0)
        {
            unscaled = MaxInt64;
            scale = 0;
        }

        return new KubeQuantity(sign < 0 ? -unscaled : unscaled, scale, isDecimal: true);
    }

    /// <summary>Go's parseQuantityString: sign, digits, optional point and digits (<paramref name="number"/> is that
    /// text), then the suffix characters, an optional sign and digits. False for anything else.</summary>
    private static bool Split(string text, out bool positive, out string number, out string whole, out string fraction, out string suffix)
    {
        positive = true;
        number = whole = fraction = suffix = string.Empty;
        var pos = 0;
        var end = text.Length;
        if (text[0] is '-' or '+')
        {
            positive = text[0] == '+';
            pos++;
        }

        while (pos < end && text[pos] == '0')
        {
            pos++;
        }

        if (pos >= end)
        {
            number = whole = "0";
            return true;
        }

        var start = pos;
        while (pos < end && IsDigit(text[pos]))
        {
            pos++;
        }

        whole = text[start..pos];
        if (pos >= end)
        {
            number = text;
            return true;
        }

        if (whole.Length == 0)
        {
            whole = "0";
        }

        if (text[pos] == '.')
        {
            start = ++pos;
            while (pos < end && IsDigit(text[pos]))
            {
                pos++;
            }

            fraction = text[start..pos];
            if (pos >= end)
            {
                number = text;
                return true;
            }
        }

        number = text[..pos];
        var suffixStart = pos;
        while (pos < end && "eEinumkKMGTP".Contains(text[pos], StringComparison.Ordinal))
        {
            pos++;
        }

        if (pos < end && text[pos] is '-' or '+')
        {
            pos++;
        }

        while (pos < end && IsDigit(text[pos]))
        {
            pos++;
        }

        suffix = text[suffixStart..];
        return pos >= end;
    }

    /// <summary>The suffixes Go knows: decimal SI (n to E, a power of ten), binary SI (Ki to Ei, a power of two) and
    /// an exponent (e or E, then a signed 64-bit integer, kept as its low 32 bits as Go's int32 conversion does).</summary>
    private static bool Interpret(string suffix, out bool binary, out int exponent)
    {
        binary = false;
        (exponent, var known) = suffix switch
        {
            "" => (0, true),
            "n" => (-9, true),
            "u" => (-6, true),
            "m" => (-3, true),
            "k" => (3, true),
            "M" => (6, true),
            "G" => (9, true),
            "T" => (12, true),
            "P" => (15, true),
            "E" => (18, true),
            _ => (0, false),
        };
        if (known)
        {
            return true;
        }

        if (suffix is "Ki" or "Mi" or "Gi" or "Ti" or "Pi" or "Ei")
        {
            binary = true;
            exponent = 10 * ("KMGTPE".IndexOf(suffix[0], StringComparison.Ordinal) + 1);
            return true;
        }

        if (suffix.Length > 1 && suffix[0] is 'e' or 'E' &&
            long.TryParse(suffix.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            exponent = unchecked((int)parsed);
            return true;
        }

        return false;
    }

    /// <summary>inf.Dec's SetString: an optional sign, digits with at most one point, at least one digit.</summary>
    private static bool DecimalText(string text, out BigInteger unscaled, out int digitsAfterPoint)
    {
        unscaled = BigInteger.Zero;
        digitsAfterPoint = 0;
        var i = 0;
        var negative = false;
        if (text.Length > 0 && text[0] is '+' or '-')
        {
            negative = text[0] == '-';
            i++;
        }

        var digits = new System.Text.StringBuilder();
        var point = -1;
        for (; i < text.Length; i++)
        {
            if (text[i] == '.' && point < 0)
            {
                point = digits.Length;
            }
            else if (IsDigit(text[i]))
            {
                digits.Append(text[i]);
            }
            else
            {
                return false;
            }
        }

        if (digits.Length == 0)
        {
            return false;
        }

        unscaled = BigInteger.Parse(digits.ToString(), NumberStyles.None, CultureInfo.InvariantCulture);
        if (negative)
        {
            unscaled = -unscaled;
        }

        digitsAfterPoint = point < 0 ? 0 : digits.Length - point;
        return true;
    }

    /// <summary>A non-negative <paramref name="unscaled"/> × 10^<paramref name="scale"/> as a multiple of
    /// 10^<paramref name="target"/>, rounded up (inf.RoundUp on a magnitude).</summary>
    private static BigInteger RoundUpToScale(BigInteger unscaled, int scale, int target)
    {
        var shift = (long)scale - target;
        if (shift >= 0)
        {
            return unscaled * PowerOfTen(shift);
        }

        if (-shift > Digits(unscaled))
        {
            return BigInteger.One; // a non-zero value below one unit of the target scale rounds up to one
        }

        var quotient = BigInteger.DivRem(unscaled, PowerOfTen(-shift), out var remainder);
        return remainder.IsZero ? quotient : quotient + 1;
    }
}
