using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KubeContainers.LocalCluster.Api;

namespace KubeContainers.LocalCluster.Schema;

/// <summary>
/// Validates a custom resource against its CRD <c>openAPIV3Schema</c> the way the apiextensions-apiserver
/// (Kubernetes 1.32) does: the kube-openapi schema walk first (type, value validations, properties,
/// required, allOf/anyOf/oneOf/not), then embedded-resource checks, then x-kubernetes-list-type
/// uniqueness. Messages are the apiserver's field.Error bodies, so a 422 built from them reads the same.
/// The CEL rules (x-kubernetes-validations) are <see cref="CelValidator"/>'s, which runs after this.
/// </summary>
public static class SchemaValidator
{
    private const string In = "body";
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(200);
    private static readonly ConcurrentDictionary<string, (Regex? Regex, string? Error)> Patterns = new(StringComparer.Ordinal);

    /// <summary>Validates <paramref name="value"/> (normally the whole object) against the schema.</summary>
    public static IReadOnlyList<FieldError> Validate(JsonNode? value, JsonObject openApiV3Schema)
    {
        ArgumentNullException.ThrowIfNull(openApiV3Schema);
        var errors = new List<FieldError>();
        ValidateNode(value, openApiV3Schema, string.Empty, errors);
        EmbeddedResources(value, openApiV3Schema, null, errors);
        ListTypes(value, openApiV3Schema, null, errors);
        return errors;
    }

    /// <summary>Lists every <c>x-kubernetes-validations</c> rule with the path it applies to.</summary>
    public static IReadOnlyList<CelRule> CelRulesIn(JsonObject schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var rules = new List<CelRule>();
        CollectCel(schema, string.Empty, rules);
        return rules;
    }

    private static void CollectCel(JsonObject schema, string path, List<CelRule> rules)
    {
        if (schema["x-kubernetes-validations"] is JsonArray validations)
        {
            foreach (var rule in validations.OfType<JsonObject>())
            {
                rules.Add(new CelRule(
                    path,
                    SchemaKeywords.String(rule, "rule") ?? string.Empty,
                    SchemaKeywords.String(rule, "message"),
                    SchemaKeywords.String(rule, "messageExpression"),
                    SchemaKeywords.String(rule, "reason"),
                    SchemaKeywords.String(rule, "fieldPath")));
            }
        }

        if (SchemaKeywords.Properties(schema) is { } props)
        {
            foreach (var (name, child) in props)
            {
                if (child is JsonObject c)
                {
                    CollectCel(c, OpenApiChild(path, name), rules);
                }
            }
        }

        if (SchemaKeywords.Items(schema) is { } items)
        {
            CollectCel(items, path + "[*]", rules);
        }

        if (schema["additionalProperties"] is JsonObject additional)
        {
            CollectCel(additional, path + "[*]", rules);
        }
    }

    // ---- kube-openapi walk. Paths here are kube-openapi's: "spec.port", "spec.env[0]", map values "spec.labels.key".

    private static string OpenApiChild(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private static void ValidateNode(JsonNode? value, JsonObject schema, string path, List<FieldError> errors)
    {
        var kind = JsonKinds.Of(value);
        var types = SchemaKeywords.Types(schema);
        if (kind == JsonKind.Null)
        {
            if (types.Count > 0 && !types.Contains("null") && !SchemaKeywords.IsNullable(schema))
            {
                errors.Add(TypeError(path, string.Join(",", types), "null"));
            }

            CheckEnum(value, schema, path, errors);
            return;
        }

        CheckType(value!, kind, schema, types, path, errors);
        CheckCombinators(value, schema, path, errors);
        if (kind == JsonKind.String)
        {
            var text = value!.GetValue<string>();
            if (StringError(text, schema, path) is { } stringError)
            {
                errors.Add(stringError);
            }

            CheckFormat(text, schema, path, errors);
        }

        if (kind is JsonKind.Integer or JsonKind.Float)
        {
            CheckNumber(JsonNumber.From(value)!.Value, schema, path, errors);
        }

        if (value is JsonArray array)
        {
            CheckArray(array, schema, path, errors);
        }

        CheckEnum(value, schema, path, errors);
        if (value is JsonObject obj)
        {
            CheckObject(obj, schema, path, errors);
        }
    }

    private static void CheckType(JsonNode value, JsonKind kind, JsonObject schema, IReadOnlyList<string> types, string path, List<FieldError> errors)
    {
        var format = SchemaKeywords.String(schema, "format") is { } f && StringFormats.IsSupported(f) ? f : string.Empty;
        if (types.Count == 0 && format.Length == 0)
        {
            return;
        }

        var (typeName, typeFormat) = kind switch
        {
            JsonKind.Boolean => ("boolean", string.Empty),
            JsonKind.Integer => ("integer", "int64"),
            JsonKind.Float => ("number", "float64"),
            JsonKind.String => ("string", string.Empty),
            JsonKind.Array => ("array", string.Empty),
            _ => ("object", string.Empty),
        };
        var isFloatInt = kind == JsonKind.Float && IsJsonInteger(JsonNumber.From(value)!.Value.Float) && types.Contains("integer");
        var isIntFloat = kind == JsonKind.Integer && types.Contains("number");
        var compatible = types.Contains(typeName) || isFloatInt || isIntFloat;

        // kube-openapi checks the format before the type for non-string values, and lets any string or
        // array through when a format is set on a non-numeric schema.
        if (kind is not JsonKind.String and not JsonKind.Array && format.Length > 0 && !(compatible || typeFormat == format))
        {
            errors.Add(TypeError(path, format, typeFormat));
            return;
        }

        if (!types.Contains("number") && !types.Contains("integer") && format.Length > 0 && kind is JsonKind.String or JsonKind.Array)
        {
            return;
        }

        if (!compatible)
        {
            errors.Add(TypeError(path, string.Join(",", types), typeName));
        }
    }

    /// <summary>swag.IsFloat64AJSONInteger: whole and within ±2^53.</summary>
    private static bool IsJsonInteger(double f) =>
        !double.IsNaN(f) && !double.IsInfinity(f) && f >= -9007199254740992d && f <= 9007199254740992d && Math.Abs(f - Math.Truncate(f)) < double.Epsilon;

    private static void CheckCombinators(JsonNode? value, JsonObject schema, string path, List<FieldError> errors)
    {
        var anyOf = SchemaKeywords.SchemaList(schema, "anyOf").ToList();
        if (anyOf.Count > 0)
        {
            List<FieldError>? firstFailure = null;
            var succeeded = false;
            foreach (var alternative in anyOf)
            {
                var result = Sub(value, alternative, path);
                if (result.Count == 0)
                {
                    succeeded = true;
                    break;
                }

                firstFailure ??= result;
            }

            if (!succeeded)
            {
                errors.Add(General($"{GoText.Quote(path)} must validate at least one schema (anyOf)"));
                errors.AddRange(firstFailure!);
            }
        }

        var oneOf = SchemaKeywords.SchemaList(schema, "oneOf").ToList();
        if (oneOf.Count > 0)
        {
            var valid = 0;
            List<FieldError>? firstFailure = null;
            foreach (var alternative in oneOf)
            {
                var result = Sub(value, alternative, path);
                if (result.Count == 0)
                {
                    valid++;
                }
                else
                {
                    firstFailure ??= result;
                }
            }

            if (valid != 1)
            {
                var detail = valid == 0 ? "Found none valid" : $"Found {valid} valid alternatives";
                errors.Add(General($"{GoText.Quote(path)} must validate one and only one schema (oneOf). {detail}"));
                if (valid == 0)
                {
                    errors.AddRange(firstFailure!);
                }
            }
        }

        var allOf = SchemaKeywords.SchemaList(schema, "allOf").ToList();
        if (allOf.Count > 0)
        {
            var valid = 0;
            foreach (var part in allOf)
            {
                var result = Sub(value, part, path);
                valid += result.Count == 0 ? 1 : 0;
                errors.AddRange(result);
            }

            if (valid != allOf.Count)
            {
                errors.Add(General($"{GoText.Quote(path)} must validate all the schemas (allOf){(valid == 0 ? ". None validated" : string.Empty)}"));
            }
        }

        if (schema["not"] is JsonObject not && Sub(value, not, path).Count == 0)
        {
            errors.Add(General($"{GoText.Quote(path)} must not validate the schema (not)"));
        }
    }

    private static List<FieldError> Sub(JsonNode? value, JsonObject schema, string path)
    {
        var result = new List<FieldError>();
        ValidateNode(value, schema, path, result);
        return result;
    }

    /// <summary>maxLength, minLength, pattern: like kube-openapi, only the first failure is reported.</summary>
    private static FieldError? StringError(string text, JsonObject schema, string path)
    {
        // The apiserver counts runes (Unicode code points), not bytes or UTF-16 units.
        var length = text.EnumerateRunes().Count();
        if (SchemaKeywords.Integer(schema, "maxLength") is { } max && length > max)
        {
            return new FieldError(FieldOf(path), "FieldValueTooLong", $"Too long: may not be more than {max} bytes");
        }

        if (SchemaKeywords.Integer(schema, "minLength") is { } min && length < min)
        {
            return Invalid(path, GoText.Quote(text), $"{path} in {In} should be at least {min} chars long");
        }

        if (SchemaKeywords.String(schema, "pattern") is not { Length: > 0 } pattern)
        {
            return null;
        }

        var (regex, compileError) = Patterns.GetOrAdd(pattern, Compile);
        if (regex is null)
        {
            return Invalid(path, GoText.Quote(text), $"{path} in {In} should match '{pattern}, but pattern is invalid: {compileError}'");
        }

        bool matches;
        try
        {
            matches = regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            matches = false;
        }

        return matches ? null : Invalid(path, GoText.Quote(text), $"{path} in {In} should match '{pattern}'");
    }

    /// <summary>RE2's <c>$</c> (without the m flag) matches only at the end of the text; .NET's also matches before a
    /// final newline, which would accept "nginx\n". Every <c>$</c> outside a character class gets a lookahead that
    /// forbids any character after it.</summary>
    internal static string EndOfTextOnly(string pattern)
    {
        var result = new System.Text.StringBuilder(pattern.Length + 16);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                result.Append(c).Append(pattern[++i]);
                continue;
            }

            inClass = c switch
            {
                '[' => true,
                ']' => false,
                _ => inClass,
            };
            result.Append(c);
            if (c == '$' && !inClass)
            {
                result.Append("(?![\\s\\S])");
            }
        }

        return result.ToString();
    }

    private static void CheckFormat(string text, JsonObject schema, string path, List<FieldError> errors)
    {
        if (SchemaKeywords.String(schema, "format") is { } format && StringFormats.IsSupported(format) && !StringFormats.IsValid(format, text))
        {
            errors.Add(new FieldError(FieldOf(path), "FieldValueTypeInvalid",
                $"Invalid value: {GoText.Quote(text)}: {path} in {In} must be of type {format}: {GoText.Quote(text)}"));
        }
    }

    private static (Regex? Regex, string? Error) Compile(string pattern)
    {
        // ECMAScript semantics are closest to RE2 for the usual CRD patterns (\d is ASCII-only there);
        // constructs ECMAScript mode refuses fall back to .NET's default dialect.
        pattern = EndOfTextOnly(pattern);
        try
        {
            return (new Regex(pattern, RegexOptions.ECMAScript | RegexOptions.CultureInvariant, PatternTimeout), null);
        }
        catch (ArgumentException)
        {
            try
            {
                return (new Regex(pattern, RegexOptions.CultureInvariant, PatternTimeout), null);
            }
            catch (ArgumentException ex)
            {
                return (null, ex.Message);
            }
        }
    }

    private static void CheckNumber(JsonNumber number, JsonObject schema, string path, List<FieldError> errors)
    {
        var bad = number.ToGoString();
        if (SchemaKeywords.Number(schema, "multipleOf") is { } factor)
        {
            if (number.IsInteger)
            {
                var f = (long)factor;
                if (f <= 0)
                {
                    errors.Add(Invalid(path, bad, $"factor MultipleOf declared for {path} must be positive: {f}"));
                }
                else if (number.Integer % f != 0)
                {
                    errors.Add(Invalid(path, bad, $"{path} in {In} should be a multiple of {f}"));
                }
            }
            else if (factor <= 0)
            {
                errors.Add(Invalid(path, bad, $"factor MultipleOf declared for {path} must be positive: {GoText.Float(factor)}"));
            }
            else
            {
                var mult = factor < 1 ? 1 / factor * number.Float : number.Float / factor;
                if (!IsJsonInteger(mult))
                {
                    errors.Add(Invalid(path, bad, $"{path} in {In} should be a multiple of {GoText.Float(factor)}"));
                }
            }
        }

        if (SchemaKeywords.Number(schema, "minimum") is { } minimum)
        {
            var exclusive = SchemaKeywords.Flag(schema, "exclusiveMinimum");
            var (fails, bound) = number.IsInteger
                ? (exclusive ? number.Integer <= (long)minimum : number.Integer < (long)minimum, ((long)minimum).ToString(CultureInfo.InvariantCulture))
                : (exclusive ? number.Float <= minimum : number.Float < minimum, GoText.Float(minimum));
            if (fails)
            {
                var relation = exclusive ? "greater than" : "greater than or equal to";
                errors.Add(Invalid(path, bad, $"{path} in {In} should be {relation} {bound}"));
            }
        }

        if (SchemaKeywords.Number(schema, "maximum") is { } maximum)
        {
            var exclusive = SchemaKeywords.Flag(schema, "exclusiveMaximum");
            var (fails, bound) = number.IsInteger
                ? (exclusive ? number.Integer >= (long)maximum : number.Integer > (long)maximum, ((long)maximum).ToString(CultureInfo.InvariantCulture))
                : (exclusive ? number.Float >= maximum : number.Float > maximum, GoText.Float(maximum));
            if (fails)
            {
                var relation = exclusive ? "less than" : "less than or equal to";
                errors.Add(Invalid(path, bad, $"{path} in {In} should be {relation} {bound}"));
            }
        }
    }

    private static void CheckArray(JsonArray array, JsonObject schema, string path, List<FieldError> errors)
    {
        if (SchemaKeywords.Items(schema) is { } items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                ValidateNode(array[i], items, $"{path}[{i}]", errors);
            }
        }

        if (SchemaKeywords.Integer(schema, "minItems") is { } min && array.Count < min)
        {
            errors.Add(Invalid(path, array.Count.ToString(CultureInfo.InvariantCulture), $"{path} in {In} should have at least {min} items"));
        }

        if (SchemaKeywords.Integer(schema, "maxItems") is { } max && array.Count > max)
        {
            errors.Add(new FieldError(FieldOf(path), "FieldValueTooMany", $"Too many: {array.Count}: must have at most {max} items"));
        }

        if (SchemaKeywords.Flag(schema, "uniqueItems"))
        {
            var duplicate = false;
            for (var i = 0; i < array.Count && !duplicate; i++)
            {
                for (var j = 0; j < i && !duplicate; j++)
                {
                    duplicate = JsonKinds.DeepEquals(array[i], array[j]);
                }
            }

            if (duplicate)
            {
                errors.Add(Invalid(path, GoText.Quote(string.Empty), $"{path} in {In} shouldn't contain duplicates"));
            }
        }
    }

    private static void CheckEnum(JsonNode? value, JsonObject schema, string path, List<FieldError> errors)
    {
        if (schema["enum"] is not JsonArray { Count: > 0 } allowed)
        {
            return;
        }

        // A null value never matches, even when null is listed: that is how the Go check behaves.
        if (value is not null && allowed.Any(a => a is not null && JsonKinds.DeepEquals(value, a)))
        {
            return;
        }

        var supported = allowed.Select(a => GoText.Quote(a is JsonValue v && v.TryGetValue<string>(out var s) ? s : a?.ToJsonString() ?? "null"));
        errors.Add(new FieldError(FieldOf(path), "FieldValueNotSupported",
            $"Unsupported value: {GoText.BadValue(value)}: supported values: {string.Join(", ", supported)}"));
    }

    private static void CheckObject(JsonObject obj, JsonObject schema, string path, List<FieldError> errors)
    {
        if (SchemaKeywords.Integer(schema, "minProperties") is { } min && obj.Count < min)
        {
            errors.Add(Invalid(path, obj.Count.ToString(CultureInfo.InvariantCulture), $"{path} in {In} should have at least {min} properties"));
        }

        if (SchemaKeywords.Integer(schema, "maxProperties") is { } max && obj.Count > max)
        {
            errors.Add(new FieldError(FieldOf(path), "FieldValueTooMany", $"Too many: {obj.Count}: must have at most {max} items"));
        }

        if (SchemaKeywords.ForbidsAdditionalProperties(schema))
        {
            foreach (var key in obj.Select(p => p.Key).Where(k => !SchemaKeywords.HasProperty(schema, k)))
            {
                errors.Add(Invalid(path, GoText.Quote(key), $"{path}.{key} in {In} is a forbidden property"));
            }
        }
        else if (schema["additionalProperties"] is JsonObject additional)
        {
            foreach (var (key, child) in obj)
            {
                if (!SchemaKeywords.HasProperty(schema, key))
                {
                    ValidateNode(child, additional, path + "." + key, errors);
                }
            }
        }

        if (SchemaKeywords.Properties(schema) is { } props)
        {
            foreach (var (name, propertySchema) in props)
            {
                if (propertySchema is JsonObject ps && obj.TryGetPropertyValue(name, out var child))
                {
                    ValidateNode(child, ps, OpenApiChild(path, name), errors);
                }
            }
        }

        if (schema["required"] is JsonArray required)
        {
            foreach (var name in required.Select(r => r?.GetValue<string>()).OfType<string>())
            {
                if (!obj.ContainsKey(name))
                {
                    errors.Add(new FieldError(FieldOf(path + "." + name), "FieldValueRequired", "Required value"));
                }
            }
        }
    }

    /// <summary>The field.Path the apiextensions-apiserver makes of a kube-openapi name: leading "." dropped, root is nil.</summary>
    private static string FieldOf(string openApiName) =>
        openApiName.Length == 0 || openApiName == "." ? "<nil>" : openApiName.StartsWith('.') ? openApiName[1..] : openApiName;

    private static FieldError Invalid(string path, string badValue, string detail) =>
        new(FieldOf(path), "FieldValueInvalid", $"Invalid value: {badValue}: {detail}");

    private static FieldError TypeError(string path, string expected, string actual) =>
        new(FieldOf(path), "FieldValueTypeInvalid",
            $"Invalid value: {GoText.Quote(actual)}: {path} in {In} must be of type {expected}: {GoText.Quote(actual)}");

    /// <summary>kube-openapi errors that are not per-field (anyOf/oneOf/allOf/not) land on a nil path with an empty value.</summary>
    private static FieldError General(string message) =>
        new("<nil>", "FieldValueInvalid", $"Invalid value: \"\": {message}");

    // ---- structural passes. Paths here are field.Path's: "spec.env[0]", map values "spec.labels[key]".

    private static string FieldChild(string? path, string name) => path is null ? name : path + "." + name;

    private static void EmbeddedResources(JsonNode? value, JsonObject schema, string? path, List<FieldError> errors)
    {
        switch (value)
        {
            case JsonObject obj:
                if (SchemaKeywords.IsEmbeddedResource(schema))
                {
                    CheckEmbedded(obj, path, errors);
                }

                foreach (var (key, child) in obj)
                {
                    if (SchemaKeywords.Property(schema, key) is { } property)
                    {
                        EmbeddedResources(child, property, FieldChild(path, key), errors);
                    }
                    else if (SchemaKeywords.AdditionalProperties(schema) is { } additional)
                    {
                        EmbeddedResources(child, additional, $"{path ?? string.Empty}[{key}]", errors);
                    }
                }

                break;
            case JsonArray array when SchemaKeywords.Items(schema) is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    EmbeddedResources(array[i], items, $"{path ?? string.Empty}[{i}]", errors);
                }

                break;
        }
    }

    private static void CheckEmbedded(JsonObject obj, string? path, List<FieldError> errors)
    {
        foreach (var field in new[] { "apiVersion", "kind" })
        {
            if (!obj.ContainsKey(field))
            {
                errors.Add(new FieldError(FieldChild(path, field), "FieldValueRequired", "Required value: must not be empty"));
            }
        }

        foreach (var (key, child) in obj)
        {
            if (key is not ("apiVersion" or "kind"))
            {
                continue;
            }

            var fieldPath = FieldChild(path, key);
            if (child is not JsonValue v || !v.TryGetValue<string>(out var text))
            {
                errors.Add(new FieldError(fieldPath, "FieldValueInvalid", $"Invalid value: {GoText.BadValue(child)}: must be a string"));
            }
            else if (text.Length == 0)
            {
                errors.Add(new FieldError(fieldPath, "FieldValueInvalid", "Invalid value: \"\": must not be empty"));
            }
            else if (key == "apiVersion" && text.Count(c => c == '/') > 1)
            {
                errors.Add(new FieldError(fieldPath, "FieldValueInvalid", $"Invalid value: {GoText.Quote(text)}: unexpected GroupVersion string: {text}"));
            }
            else if (key == "kind" && Dns1035LabelErrors(text.ToLowerInvariant()) is { Count: > 0 } kindErrors)
            {
                errors.Add(new FieldError(fieldPath, "FieldValueInvalid",
                    $"Invalid value: {GoText.Quote(text)}: may have mixed case, but should otherwise match: {string.Join(",", kindErrors)}"));
            }
        }
    }

    private static List<string> Dns1035LabelErrors(string value)
    {
        var errs = new List<string>();
        if (value.Length > 63)
        {
            errs.Add("must be no more than 63 characters");
        }

        if (!Regex.IsMatch(value, "^[a-z]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant, PatternTimeout))
        {
            errs.Add("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
        }

        return errs;
    }

    private static void ListTypes(JsonNode? value, JsonObject schema, string? path, List<FieldError> errors)
    {
        switch (value)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    if (SchemaKeywords.Property(schema, key) is { } property)
                    {
                        ListTypes(child, property, FieldChild(path, key), errors);
                    }
                    else if (SchemaKeywords.AdditionalProperties(schema) is { } additional)
                    {
                        ListTypes(child, additional, $"{path ?? string.Empty}[{key}]", errors);
                    }
                }

                break;
            case JsonArray array:
                var listPath = path ?? string.Empty;
                switch (SchemaKeywords.String(schema, "x-kubernetes-list-type"))
                {
                    case "set":
                        foreach (var i in DuplicateIndices(array.Select(x => x)))
                        {
                            errors.Add(new FieldError($"{listPath}[{i}]", "FieldValueDuplicate", $"Duplicate value: {GoText.BadValue(array[i])}"));
                        }

                        break;
                    case "map":
                        CheckListMap(array, schema, listPath, errors);
                        break;
                }

                if (SchemaKeywords.Items(schema) is { } items)
                {
                    for (var i = 0; i < array.Count; i++)
                    {
                        ListTypes(array[i], items, $"{listPath}[{i}]", errors);
                    }
                }

                break;
        }
    }

    private static void CheckListMap(JsonArray array, JsonObject schema, string path, List<FieldError> errors)
    {
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not null and not JsonObject)
            {
                errors.Add(new FieldError($"{path}[{i}]", "FieldValueInvalid",
                    $"Invalid value: {GoText.BadValue(array[i])}: must be an object for an array of list-type map"));
                return;
            }
        }

        var keyFields = schema["x-kubernetes-list-map-keys"] is JsonArray k
            ? k.Select(x => x?.GetValue<string>()).OfType<string>().ToList()
            : [];
        var keys = array.Select(item =>
        {
            var key = new JsonObject();
            if (item is JsonObject o)
            {
                foreach (var field in keyFields.Where(o.ContainsKey))
                {
                    key[field] = o[field]?.DeepClone();
                }
            }

            return (JsonNode?)key;
        }).ToList();
        foreach (var i in DuplicateIndices(keys))
        {
            errors.Add(new FieldError($"{path}[{i}]", "FieldValueDuplicate", $"Duplicate value: {GoText.GoSyntax(keys[i])}"));
        }
    }

    /// <summary>Indices of the second occurrence of each repeated value (later repeats are reported once).</summary>
    private static List<int> DuplicateIndices(IEnumerable<JsonNode?> values)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<int>();
        var index = 0;
        foreach (var value in values)
        {
            var canonical = JsonKinds.Canonical(value);
            seen[canonical] = seen.TryGetValue(canonical, out var times) ? times + 1 : 1;
            if (times == 1)
            {
                result.Add(index);
            }

            index++;
        }

        return result;
    }
}
