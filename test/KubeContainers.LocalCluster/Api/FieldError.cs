using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Api;

/// <summary>
/// One cause of an Invalid (422) answer, shaped like the apiserver's field.Error:
/// <c>Field</c> is the dotted path ("spec.port", "spec.env[0].name"), <c>Reason</c> the cause type
/// ("FieldValueInvalid", "FieldValueRequired", "FieldValueNotSupported", "FieldValueTooLong",
/// "FieldValueTooMany", "FieldValueForbidden", "FieldValueDuplicate", "FieldValueTypeInvalid"), and
/// <c>Message</c> the detail as the apiserver words it after the field, e.g.
/// <c>Invalid value: 70000: spec.port in body should be less than or equal to 65535</c>.
/// </summary>
public sealed record FieldError(string Field, string Reason, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
