using System.Globalization;
using System.Text.RegularExpressions;

namespace KubeContainers.Api.Validation;

/// <summary>apimachinery's message builders (MaxLenError, RegexError, EmptyError), so every rule reads as the
/// apiserver's does, and the whole-value match the rules share.</summary>
internal static class RuleText
{
    public const string Empty = "must be non-empty";

    public static string MaxLength(int length) =>
        string.Create(CultureInfo.InvariantCulture, $"must be no more than {length} characters");

    /// <summary>RegexError: the examples joined as upstream joins them (<c>'a',  or 'b', </c>, two spaces).</summary>
    public static string Regex(string message, string format, params string[] examples) =>
        examples.Length == 0
            ? $"{message} (regex used for validation is '{format}')"
            : $"{message} (e.g. {string.Join(" or ", examples.Select(e => $"'{e}', "))}regex used for validation is '{format}')";

    /// <summary>
    /// The whole value matches. The patterns are written for RE2, where <c>$</c> is the end of the text; in .NET it
    /// also matches before a final newline, which would let "name\n" through.
    /// </summary>
    public static bool Matches(Regex regex, string value) =>
        regex.Match(value) is { Success: true } match && match.Index == 0 && match.Length == value.Length;

    /// <summary>The shape most of apimachinery's IsX checks share: a length limit, then the format.</summary>
    public static List<string> LengthAndFormat(string value, int maxLength, Regex format, Func<string> formatError)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errors = new List<string>();
        if (value.Length > maxLength)
        {
            errors.Add(MaxLength(maxLength));
        }

        if (!Matches(format, value))
        {
            errors.Add(formatError());
        }

        return errors;
    }
}
