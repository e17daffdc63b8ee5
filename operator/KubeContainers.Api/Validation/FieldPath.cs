using System.Globalization;

namespace KubeContainers.Api.Validation;

/// <summary>
/// The path of a field in an error message, built as apimachinery's <c>field.Path</c> builds it:
/// <c>FieldPath.Root("spec").Child("files").Index(2).Child("path")</c> prints <c>spec.files[2].path</c> and
/// <c>.Key("A B")</c> prints <c>[A B]</c> (escaped, as keys are user text). No message assembles a path by hand, so
/// a path in status is spelled as the apiserver spells it.
/// </summary>
public sealed class FieldPath
{
    private readonly string _text;

    private FieldPath(string text) => _text = text;

    public static FieldPath Root(string name, params string[] moreNames) => new(string.Join('.', [name, .. moreNames]));

    public FieldPath Child(string name, params string[] moreNames) => new(_text + "." + string.Join('.', [name, .. moreNames]));

    public FieldPath Index(int index) => new(string.Create(CultureInfo.InvariantCulture, $"{_text}[{index}]"));

    public FieldPath Key(string key) => new($"{_text}[{FieldErrors.Escape(key)}]");

    public override string ToString() => _text;
}
