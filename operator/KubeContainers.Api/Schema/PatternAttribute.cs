namespace KubeContainers.Api.Schema;

/// <summary>
/// A regular expression a string field must match. OpenAPI patterns are unanchored, so every pattern given here
/// carries its own <c>^</c> and <c>$</c> (see <see cref="ValidationPatterns"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class PatternAttribute(string regex) : Attribute
{
    public string Regex { get; } = regex;
}
