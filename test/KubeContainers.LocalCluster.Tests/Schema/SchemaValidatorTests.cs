using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Schema;

namespace KubeContainers.LocalCluster.Tests.Schema;

public sealed class SchemaValidatorTests
{
    private static JsonObject Spec(string properties, string required = "[]") =>
        JsonNode.Parse("""{"type":"object","properties":{"spec":{"type":"object","required":""" + required
            + ""","properties":""" + properties + "}}}")!.AsObject();

    private static string[] Errors(JsonObject schema, string spec) =>
        SchemaValidator.Validate(JsonNode.Parse($$"""{"spec":{{spec}}}"""), schema).Select(e => e.ToString()).ToArray();

    [Theory]
    [InlineData("""{"port":{"type":"integer","maximum":65535}}""", """{"port":70000}""", "spec.port: Invalid value: 70000: spec.port in body should be less than or equal to 65535")]
    [InlineData("""{"port":{"type":"integer","minimum":1}}""", """{"port":0}""", "spec.port: Invalid value: 0: spec.port in body should be greater than or equal to 1")]
    [InlineData("""{"port":{"type":"integer","minimum":1,"exclusiveMinimum":true}}""", """{"port":1}""", "spec.port: Invalid value: 1: spec.port in body should be greater than 1")]
    [InlineData("""{"port":{"type":"integer","maximum":10,"exclusiveMaximum":true}}""", """{"port":10}""", "spec.port: Invalid value: 10: spec.port in body should be less than 10")]
    [InlineData("""{"ratio":{"type":"number","maximum":1.5}}""", """{"ratio":2.25}""", "spec.ratio: Invalid value: 2.25: spec.ratio in body should be less than or equal to 1.5")]
    [InlineData("""{"big":{"type":"number","maximum":1000000}}""", """{"big":2000000.5}""", "spec.big: Invalid value: 2.0000005e+06: spec.big in body should be less than or equal to 1e+06")]
    [InlineData("""{"n":{"type":"integer","multipleOf":5}}""", """{"n":7}""", "spec.n: Invalid value: 7: spec.n in body should be a multiple of 5")]
    [InlineData("""{"port":{"type":"integer"}}""", """{"port":"80"}""", "spec.port: Invalid value: \"string\": spec.port in body must be of type integer: \"string\"")]
    [InlineData("""{"port":{"type":"integer"}}""", """{"port":1.5}""", "spec.port: Invalid value: \"number\": spec.port in body must be of type integer: \"number\"")]
    [InlineData("""{"name":{"type":"string"}}""", """{"name":true}""", "spec.name: Invalid value: \"boolean\": spec.name in body must be of type string: \"boolean\"")]
    [InlineData("""{"name":{"type":"string"}}""", """{"name":null}""", "spec.name: Invalid value: \"null\": spec.name in body must be of type string: \"null\"")]
    [InlineData("""{"x":{"type":"string","maxLength":10}}""", """{"x":"abcdefghijk"}""", "spec.x: Too long: may not be more than 10 bytes")]
    [InlineData("""{"x":{"type":"string","minLength":3}}""", """{"x":"ab"}""", "spec.x: Invalid value: \"ab\": spec.x in body should be at least 3 chars long")]
    [InlineData("""{"x":{"type":"string","pattern":"^[a-z]+$"}}""", """{"x":"Bad1"}""", "spec.x: Invalid value: \"Bad1\": spec.x in body should match '^[a-z]+$'")]
    [InlineData("""{"x":{"type":"string","pattern":"^[a-z]+$"}}""", """{"x":"abc\n"}""", "spec.x: Invalid value: \"abc\\n\": spec.x in body should match '^[a-z]+$'")]
    [InlineData("""{"mode":{"type":"string","enum":["persistent","oneShot"]}}""", """{"mode":"x"}""", "spec.mode: Unsupported value: \"x\": supported values: \"persistent\", \"oneShot\"")]
    [InlineData("""{"level":{"type":"integer","enum":[1,2]}}""", """{"level":3}""", "spec.level: Unsupported value: 3: supported values: \"1\", \"2\"")]
    [InlineData("""{"volumes":{"type":"array","maxItems":3,"items":{"type":"string"}}}""", """{"volumes":["a","b","c","d","e"]}""", "spec.volumes: Too many: 5: must have at most 3 items")]
    [InlineData("""{"volumes":{"type":"array","minItems":2,"items":{"type":"string"}}}""", """{"volumes":["a"]}""", "spec.volumes: Invalid value: 1: spec.volumes in body should have at least 2 items")]
    [InlineData("""{"tags":{"type":"array","uniqueItems":true,"items":{"type":"string"}}}""", """{"tags":["a","a"]}""", "spec.tags: Invalid value: \"\": spec.tags in body shouldn't contain duplicates")]
    [InlineData("""{"m":{"type":"object","maxProperties":1,"additionalProperties":{"type":"string"}}}""", """{"m":{"a":"1","b":"2"}}""", "spec.m: Too many: 2: must have at most 1 items")]
    [InlineData("""{"m":{"type":"object","minProperties":2,"additionalProperties":{"type":"string"}}}""", """{"m":{"a":"1"}}""", "spec.m: Invalid value: 1: spec.m in body should have at least 2 properties")]
    [InlineData("""{"at":{"type":"string","format":"date-time"}}""", """{"at":"yesterday"}""", "spec.at: Invalid value: \"yesterday\": spec.at in body must be of type date-time: \"yesterday\"")]
    [InlineData("""{"id":{"type":"string","format":"uuid"}}""", """{"id":"nope"}""", "spec.id: Invalid value: \"nope\": spec.id in body must be of type uuid: \"nope\"")]
    [InlineData("""{"env":{"type":"array","items":{"type":"object","required":["name"],"properties":{"name":{"type":"string"}}}}}""", """{"env":[{"value":"x"}]}""", "spec.env[0].name: Required value")]
    [InlineData("""{"labels":{"type":"object","additionalProperties":{"type":"string","maxLength":3}}}""", """{"labels":{"key":"long"}}""", "spec.labels.key: Too long: may not be more than 3 bytes")]
    [InlineData("""{"v":{"x-kubernetes-int-or-string":true}}""", """{"v":true}""", "spec.v: Invalid value: \"boolean\": spec.v in body must be of type integer,string: \"boolean\"")]
    public void ReportsOneErrorInTheApiserversWords(string properties, string spec, string expected)
    {
        Errors(Spec(properties), spec).ShouldBe([expected]);
    }

    [Theory]
    [InlineData("""{"port":{"type":"integer"}}""", """{"port":3.0}""")]
    [InlineData("""{"ratio":{"type":"number"}}""", """{"ratio":3}""")]
    [InlineData("""{"v":{"x-kubernetes-int-or-string":true}}""", """{"v":"50%"}""")]
    [InlineData("""{"v":{"x-kubernetes-int-or-string":true}}""", """{"v":8080}""")]
    [InlineData("""{"x":{"type":"string","nullable":true}}""", """{"x":null}""")]
    [InlineData("""{"x":{"type":"string","maxLength":3}}""", """{"x":"äöü"}""")]
    [InlineData("""{"x":{"type":"integer","format":"int32"}}""", """{"x":9999999999}""")]
    [InlineData("""{"x":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}""", """{"x":{"anything":[1,2]}}""")]
    [InlineData("""{"at":{"type":"string","format":"date-time"}}""", """{"at":"2024-05-01T10:00:00Z"}""")]
    public void AcceptsValidValues(string properties, string spec)
    {
        Errors(Spec(properties), spec).ShouldBeEmpty();
    }

    [Fact]
    public void RequiredFieldsAreReportedWithoutDetail()
    {
        var errors = SchemaValidator.Validate(JsonNode.Parse("""{"spec":{}}"""), Spec("""{"image":{"type":"string"}}""", """["image"]"""));

        errors.ShouldBe([new FieldError("spec.image", "FieldValueRequired", "Required value")]);
    }

    [Fact]
    public void InvalidManagedContainerReportsEveryProblemAtOnce()
    {
        var schema = JsonNode.Parse("""
        {
          "type": "object",
          "properties": {
            "spec": {
              "type": "object",
              "required": ["image"],
              "properties": {
                "image": {"type": "string", "minLength": 1},
                "mode": {"type": "string", "enum": ["persistent", "oneShot"]},
                "port": {"type": "integer", "minimum": 1, "maximum": 65535},
                "name": {"type": "string", "maxLength": 10, "pattern": "^[a-z]+$"},
                "env": {
                  "type": "array",
                  "maxItems": 2,
                  "items": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "value": {"type": "string"}}}
                }
              }
            }
          }
        }
        """)!.AsObject();
        var obj = JsonNode.Parse("""
        {"apiVersion":"kc.io/v1","kind":"ManagedContainer","metadata":{"name":"a"},
         "spec":{"mode":"x","port":70000,"name":"Bad","env":[{"value":"1"},{"name":"B"},{"name":"C"}]}}
        """);

        var errors = SchemaValidator.Validate(obj, schema);

        errors.ShouldBe(
        [
            new FieldError("spec.mode", "FieldValueNotSupported", "Unsupported value: \"x\": supported values: \"persistent\", \"oneShot\""),
            new FieldError("spec.port", "FieldValueInvalid", "Invalid value: 70000: spec.port in body should be less than or equal to 65535"),
            new FieldError("spec.name", "FieldValueInvalid", "Invalid value: \"Bad\": spec.name in body should match '^[a-z]+$'"),
            new FieldError("spec.env[0].name", "FieldValueRequired", "Required value"),
            new FieldError("spec.env", "FieldValueTooMany", "Too many: 3: must have at most 2 items"),
            new FieldError("spec.image", "FieldValueRequired", "Required value"),
        ]);
    }

    [Theory]
    [InlineData("""{"type":"string","anyOf":[{"maxLength":2},{"pattern":"^x"}]}""", "\"abc\"", "<nil>: Invalid value: \"\": \"spec.v\" must validate at least one schema (anyOf)")]
    [InlineData("""{"type":"string","oneOf":[{"maxLength":5},{"pattern":"^a"}]}""", "\"abc\"", "<nil>: Invalid value: \"\": \"spec.v\" must validate one and only one schema (oneOf). Found 2 valid alternatives")]
    [InlineData("""{"type":"string","not":{"pattern":"^a"}}""", "\"abc\"", "<nil>: Invalid value: \"\": \"spec.v\" must not validate the schema (not)")]
    public void CombinatorsReportOnTheNilPath(string property, string value, string expected)
    {
        Errors(Spec($$"""{"v":{{property}}}"""), $$"""{"v":{{value}}}""").First().ShouldBe(expected);
    }

    [Fact]
    public void AllOfReportsTheFailingPartAndTheSummary()
    {
        var errors = Errors(Spec("""{"v":{"type":"string","allOf":[{"maxLength":2},{"pattern":"^a"}]}}"""), """{"v":"abc"}""");

        errors.ShouldBe(
        [
            "spec.v: Too long: may not be more than 2 bytes",
            "<nil>: Invalid value: \"\": \"spec.v\" must validate all the schemas (allOf)",
        ]);
    }

    [Theory]
    [InlineData("""{"type":"array","x-kubernetes-list-type":"set","items":{"type":"string"}}""", """["a","b","a","a"]""", "spec.list[2]: Duplicate value: \"a\"")]
    [InlineData("""{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],"items":{"type":"object","properties":{"name":{"type":"string"},"v":{"type":"integer"}}}}""", """[{"name":"a","v":1},{"name":"a","v":2}]""", "spec.list[1]: Duplicate value: map[string]interface {}{\"name\":\"a\"}")]
    public void ListTypesRejectDuplicates(string property, string value, string expected)
    {
        Errors(Spec($$"""{"list":{{property}}}"""), $$"""{"list":{{value}}}""").ShouldBe([expected]);
    }

    [Fact]
    public void EmbeddedResourcesNeedApiVersionAndKind()
    {
        var schema = Spec("""{"template":{"type":"object","x-kubernetes-embedded-resource":true,"x-kubernetes-preserve-unknown-fields":true}}""");

        Errors(schema, """{"template":{"metadata":{}}}""").ShouldBe(
        [
            "spec.template.apiVersion: Required value: must not be empty",
            "spec.template.kind: Required value: must not be empty",
        ]);
        Errors(schema, """{"template":{"apiVersion":"v1","kind":"Pod"}}""").ShouldBeEmpty();
    }

    [Fact]
    public void ListsCelRulesWithTheirPaths()
    {
        var schema = JsonNode.Parse("""
        {"type":"object","properties":{"spec":{"type":"object",
          "x-kubernetes-validations":[{"rule":"self.min <= self.max","message":"min must not exceed max"}],
          "properties":{"items":{"type":"array","items":{"type":"string","x-kubernetes-validations":[{"rule":"self != ''"}]}}}}}}
        """)!.AsObject();

        SchemaValidator.CelRulesIn(schema).ShouldBe(
        [
            new CelRule("spec", "self.min <= self.max", "min must not exceed max", null, null, null),
            new CelRule("spec.items[*]", "self != ''", null, null, null, null),
        ]);
    }
}
