using System.Globalization;
using System.Text;

namespace KubeContainers.Api.Validation;

/// <summary>
/// Collects validation messages in the apiserver's shape (<c>field.Error</c>: <c>spec.port: Invalid value: 70000:
/// must be between 1 and 65535</c>), so a refusal in status reads like one at admission. Values are quoted and
/// escaped like Go's <c>%q</c> and long ones shortened: a message is one line of status, whatever the user wrote.
/// The path comes as a <see cref="FieldPath"/>, never as a string.
/// </summary>
public sealed class FieldErrors
{
    /// <summary>Longest value quoted in full; longer ones are cut (an env value may be 32 KiB).</summary>
    private const int MaxQuotedLength = 80;

    private readonly List<string> _messages = [];

    public IReadOnlyList<string> Messages => _messages;

    public void Invalid(FieldPath path, string? value, string detail) => Add(path, $"Invalid value: {Quote(value)}: {detail}");

    public void Invalid(FieldPath path, long value, string detail) =>
        Add(path, $"Invalid value: {value.ToString(CultureInfo.InvariantCulture)}: {detail}");

    public void Invalid(FieldPath path, DateTimeOffset value, string detail) => Add(path, $"Invalid value: {Quote(Time(value))}: {detail}");

    public void Required(FieldPath path, string detail) => Add(path, $"Required value: {detail}");

    public void Duplicate(FieldPath path, string value) => Add(path, $"Duplicate value: {Quote(value)}");

    public void Forbidden(FieldPath path, string detail) => Add(path, $"Forbidden: {detail}");

    public void TooMany(FieldPath path, int actual, int max, string detail) =>
        Add(path, string.Create(CultureInfo.InvariantCulture, $"Too many: {actual}: must have at most {max} items ({detail})"));

    /// <summary>Too many, with a note on what is counted: <c>Too many: 3: must have at most 2 items, note (detail)</c>.</summary>
    public void TooManyNoted(FieldPath path, int actual, int max, string note, string detail) =>
        Add(path, string.Create(CultureInfo.InvariantCulture, $"Too many: {actual}: must have at most {max} items, {note} ({detail})"));

    public void TooLong(FieldPath path, int max) =>
        Add(path, string.Create(CultureInfo.InvariantCulture, $"Too long: may not be more than {max} characters"));

    public void NotSupported(FieldPath path, string value, IEnumerable<string> supported) =>
        Unsupported(path, value, $"supported values: {string.Join(", ", supported.Select(Quote))}");

    /// <summary>An unsupported value with only a note after it (no allowed value to list): <c>Unsupported value: "x" (note)</c>.</summary>
    public void UnsupportedNoted(FieldPath path, string value, string note) => Add(path, $"Unsupported value: {Quote(value)} ({note})");

    /// <summary>An unsupported value with a detail of its own (what is supported, or why there is nothing).</summary>
    public void Unsupported(FieldPath path, string value, string detail) => Add(path, $"Unsupported value: {Quote(value)}: {detail}");

    /// <summary>RFC 3339 in UTC, as metav1.Time serializes.</summary>
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Quote(string? value) => value is null ? "null" : "\"" + Escape(value, MaxQuotedLength) + "\"";

    /// <summary>Escaped as <see cref="Quote"/> escapes, without the quotes: a map key in a path.</summary>
    public static string Escape(string value) => Escape(value, MaxQuotedLength);

    private void Add(FieldPath path, string body) => _messages.Add($"{path}: {body}");

    private static string Escape(string value, int maxLength)
    {
        var builder = new StringBuilder();
        foreach (var rune in value.EnumerateRunes())
        {
            if (builder.Length >= maxLength)
            {
                builder.Append("...");
                break;
            }

            switch (rune.Value)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                default:
                    if (Rune.IsControl(rune) || rune.Value is 0x2028 or 0x2029)
                    {
                        builder.Append(rune.Value <= 0xFF
                            ? string.Create(CultureInfo.InvariantCulture, $"\\x{rune.Value:x2}")
                            : string.Create(CultureInfo.InvariantCulture, $"\\u{rune.Value:x4}"));
                    }
                    else
                    {
                        builder.Append(rune.ToString());
                    }

                    break;
            }
        }

        return builder.ToString();
    }
}
