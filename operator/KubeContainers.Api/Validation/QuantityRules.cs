using System.Text.RegularExpressions;
using k8s.Models;

namespace KubeContainers.Api.Validation;

/// <summary>
/// Kubernetes quantities (<c>500m</c>, <c>2</c>, <c>1Gi</c>): their grammar is the CRD's pattern
/// (<see cref="ValidationPatterns.Quantity"/>), their value what KubernetesClient's <see cref="ResourceQuantity"/>
/// makes of them. Shared by the spec validator (resources, volume sizes) and the operator's settings (defaults,
/// limits, sandbox overhead).
/// </summary>
public static partial class QuantityRules
{
    /// <summary>Longer text is no quantity anyone means; it is refused before it is parsed.</summary>
    public const int MaxLength = 64;

    public const string NotPositive = "must be greater than 0";

    public const string NotWholeBytes = "must be a whole number of bytes (the suffix m means thousandths: did you mean Mi or M?)";

    /// <summary>The value of a quantity the CRD's pattern accepts (no sign); null for anything else.</summary>
    public static decimal? ParseUnsigned(string value) => Parse(UnsignedRegex(), value);

    /// <summary>The value of any quantity, a sign allowed (<c>-1Gi</c> is -1073741824); null when it is none.</summary>
    public static decimal? Parse(string value) => Parse(SignedRegex(), value);

    /// <summary>What is wrong with the value of a quantity that parses: not positive, or (for bytes) a fraction of a
    /// byte; null when nothing is.</summary>
    public static string? ValueProblem(decimal amount, bool wholeBytes) =>
        amount <= 0 ? NotPositive
        : wholeBytes && amount != decimal.Truncate(amount) ? NotWholeBytes
        : null;

    private static decimal? Parse(Regex grammar, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length is 0 or > MaxLength || !RuleText.Matches(grammar, value))
        {
            return null;
        }

        try
        {
            return new ResourceQuantity(value).ToDecimal();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            return null;
        }
    }

    [GeneratedRegex(ValidationPatterns.Quantity, RegexOptions.CultureInvariant)]
    private static partial Regex UnsignedRegex();

    [GeneratedRegex(ValidationPatterns.SignedQuantity, RegexOptions.CultureInvariant)]
    private static partial Regex SignedRegex();
}
