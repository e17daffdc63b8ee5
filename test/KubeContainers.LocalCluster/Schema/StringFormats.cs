using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace KubeContainers.LocalCluster.Schema;

/// <summary>
/// The string formats a CRD schema may use. The apiserver silently drops every other format
/// (int32, int64, float, double, ...), so only these ever produce an error.
/// </summary>
internal static partial class StringFormats
{
    private static readonly HashSet<string> Supported = new(StringComparer.Ordinal)
    {
        "bsonobjectid", "uri", "email", "hostname", "ipv4", "ipv6", "cidr", "mac", "uuid", "uuid3", "uuid4",
        "uuid5", "isbn", "isbn10", "isbn13", "creditcard", "ssn", "hexcolor", "rgbcolor", "byte", "password",
        "date", "duration", "datetime",
    };

    /// <summary>Whether the apiserver keeps this format (it normalises "date-time" to "datetime" first).</summary>
    public static bool IsSupported(string format) => Supported.Contains(format.Replace("-", string.Empty, StringComparison.Ordinal));

    public static bool IsValid(string format, string value) =>
        format.Replace("-", string.Empty, StringComparison.Ordinal) switch
        {
            "bsonobjectid" => HexObjectId().IsMatch(value),
            "uri" => Uri.TryCreate(value, UriKind.Absolute, out _) || value.StartsWith('/'),
            "email" => Email().IsMatch(value),
            "hostname" => Hostname().IsMatch(value) && value.Length <= 255,
            "ipv4" => IPAddress.TryParse(value, out var v4) && v4.AddressFamily == AddressFamily.InterNetwork && value.Count(c => c == '.') == 3,
            "ipv6" => IPAddress.TryParse(value, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6,
            "cidr" => IPNetwork.TryParse(value, out _),
            "mac" => Mac().IsMatch(value),
            "uuid" => Uuid().IsMatch(value),
            "uuid3" => Uuid3().IsMatch(value),
            "uuid4" => Uuid4().IsMatch(value),
            "uuid5" => Uuid5().IsMatch(value),
            "isbn" => Isbn10().IsMatch(value) || Isbn13().IsMatch(value),
            "isbn10" => Isbn10().IsMatch(value),
            "isbn13" => Isbn13().IsMatch(value),
            "creditcard" => CreditCard().IsMatch(new string(value.Where(char.IsAsciiDigit).ToArray())),
            "ssn" => Ssn().IsMatch(value),
            "hexcolor" => HexColor().IsMatch(value),
            "rgbcolor" => RgbColor().IsMatch(value),
            "byte" => IsBase64(value),
            "date" => DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            "duration" => GoDuration().IsMatch(value) || ScalaDuration().IsMatch(value),
            "datetime" => IsDateTime(value),
            _ => true,
        };

    private static bool IsBase64(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out _);
    }

    /// <summary>RFC 3339 date-time (the layouts strfmt accepts: 'T' or space, optional fraction, Z or offset).</summary>
    private static bool IsDateTime(string value)
    {
        var match = DateTimeShape().Match(value);
        if (!match.Success)
        {
            return false;
        }

        return DateTime.TryParseExact(match.Groups[1].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            && int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) < 24
            && int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture) < 60
            && int.Parse(match.Groups[4].Value, CultureInfo.InvariantCulture) < 61;
    }

    [GeneratedRegex("^([0-9]{4}-[0-9]{2}-[0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:?[0-9]{2})?\\z")]
    private static partial Regex DateTimeShape();

    [GeneratedRegex("^[0-9a-fA-F]{24}\\z")]
    private static partial Regex HexObjectId();

    [GeneratedRegex("^[^@\\s]+@[^@\\s]+\\z")]
    private static partial Regex Email();

    [GeneratedRegex("^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\\.?\\z")]
    private static partial Regex Hostname();

    [GeneratedRegex("^([0-9A-Fa-f]{2}[:-]){5,19}[0-9A-Fa-f]{2}$|^([0-9A-Fa-f]{4}\\.){2,9}[0-9A-Fa-f]{4}\\z")]
    private static partial Regex Mac();

    [GeneratedRegex("(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\\z")]
    private static partial Regex Uuid();

    [GeneratedRegex("(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}\\z")]
    private static partial Regex Uuid3();

    [GeneratedRegex("(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}\\z")]
    private static partial Regex Uuid4();

    [GeneratedRegex("(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}\\z")]
    private static partial Regex Uuid5();

    [GeneratedRegex("^(?:[0-9]{9}X|[0-9]{10})$|^(?:[0-9]-?){9}[0-9X]\\z")]
    private static partial Regex Isbn10();

    [GeneratedRegex("^(?:97[89][0-9]{10})$|^97[89]-?(?:[0-9]-?){9}[0-9]\\z")]
    private static partial Regex Isbn13();

    [GeneratedRegex("^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35[0-9]{3})[0-9]{11})\\z")]
    private static partial Regex CreditCard();

    [GeneratedRegex("^[0-9]{3}[- ]?[0-9]{2}[- ]?[0-9]{4}\\z")]
    private static partial Regex Ssn();

    [GeneratedRegex("^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})\\z")]
    private static partial Regex HexColor();

    [GeneratedRegex("^rgb\\(\\s*(0|[1-9][0-9]?|1[0-9][0-9]|2[0-4][0-9]|25[0-5])\\s*,\\s*(0|[1-9][0-9]?|1[0-9][0-9]|2[0-4][0-9]|25[0-5])\\s*,\\s*(0|[1-9][0-9]?|1[0-9][0-9]|2[0-4][0-9]|25[0-5])\\s*\\)\\z")]
    private static partial Regex RgbColor();

    [GeneratedRegex("^[-+]?(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+$|^0\\z")]
    private static partial Regex GoDuration();

    [GeneratedRegex("^[0-9]+\\s*(ns|us|ms|s|m|h|d|w|nanoseconds?|microseconds?|milliseconds?|seconds?|minutes?|hours?|days?|weeks?)$", RegexOptions.IgnoreCase)]
    private static partial Regex ScalaDuration();
}
