using System.Globalization;
using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using Microsoft.AspNetCore.Http;

namespace KubeContainers.LocalCluster.Server;

/// <summary>
/// core/v1 PodLogOptions read from a log request's query, as the apiserver converts them (Go's ParseBool and
/// ParseInt; sinceTime in RFC 3339) and validates them (ValidatePodLogOptions: 422 <c>PodLogOptions "web" is invalid:
/// tailLines: Invalid value: -1: must be greater than or equal to 0</c>).
/// </summary>
internal sealed record LogQuery(string? Container, bool Follow, bool Previous, bool Timestamps, long? SinceSeconds, DateTimeOffset? SinceTime, long? TailLines, long? LimitBytes)
{
    public static LogQuery Parse(IQueryCollection query, string podName)
    {
        var parsed = new LogQuery(
            query["container"].FirstOrDefault(),
            GoBool(query, "follow"),
            GoBool(query, "previous"),
            GoBool(query, "timestamps"),
            Int(query, "sinceSeconds"),
            query["sinceTime"].FirstOrDefault() is { Length: > 0 } since
                ? DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                    ? time
                    : throw ApiException.BadRequest($"parsing time \"{since}\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"{since}\" as \"2006\"")
                : null,
            Int(query, "tailLines"),
            Int(query, "limitBytes"));
        var errors = new List<FieldError>();
        if (parsed.TailLines is < 0)
        {
            errors.Add(new FieldError("tailLines", "FieldValueInvalid", $"Invalid value: {parsed.TailLines}: must be greater than or equal to 0"));
        }

        if (parsed.LimitBytes is < 1)
        {
            errors.Add(new FieldError("limitBytes", "FieldValueInvalid", $"Invalid value: {parsed.LimitBytes}: must be greater than 0"));
        }

        if (parsed.SinceSeconds is not null && parsed.SinceTime is not null)
        {
            errors.Add(new FieldError("", "FieldValueForbidden", "Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified"));
        }
        else if (parsed.SinceSeconds is < 1)
        {
            errors.Add(new FieldError("sinceSeconds", "FieldValueInvalid", $"Invalid value: {parsed.SinceSeconds}: must be greater than 0"));
        }

        if (errors.Count > 0)
        {
            var summary = errors.Count == 1 ? errors[0].ToString() : $"[{string.Join(", ", errors)}]";
            var causes = new JsonArray(errors.Select(e => (JsonNode)new JsonObject { ["reason"] = e.Reason, ["message"] = e.Message, ["field"] = e.Field }).ToArray());
            throw new ApiException(422, "Invalid", $"PodLogOptions \"{podName}\" is invalid: {summary}",
                new JsonObject { ["name"] = podName, ["group"] = "", ["kind"] = "PodLogOptions", ["causes"] = causes });
        }

        return parsed;
    }

    /// <summary>A boolean as Go's strconv.ParseBool reads it; anything else is the apiserver's 400.</summary>
    public static bool GoBool(IQueryCollection query, string name) => query[name].FirstOrDefault() switch
    {
        null or "" => false,
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        var other => throw ApiException.BadRequest($"strconv.ParseBool: parsing \"{other}\": invalid syntax"),
    };

    private static long? Int(IQueryCollection query, string name) => query[name].FirstOrDefault() switch
    {
        null or "" => null,
        var text => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiException.BadRequest($"strconv.ParseInt: parsing \"{text}\": invalid syntax"),
    };
}
