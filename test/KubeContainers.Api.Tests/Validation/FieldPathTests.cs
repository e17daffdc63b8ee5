using KubeContainers.Api.Validation;

namespace KubeContainers.Api.Tests.Validation;

/// <summary>Paths print as apimachinery's field.Path prints them, and FieldErrors puts them in the apiserver's shape.</summary>
public sealed class FieldPathTests
{
    [Fact]
    public void Children_indexes_and_keys_print_as_field_path_does()
    {
        FieldPath.Root("spec").ToString().ShouldBe("spec");
        FieldPath.Root("spec").Child("files").Index(2).Child("path").ToString().ShouldBe("spec.files[2].path");
        FieldPath.Root("spec", "networking").Child("host").ToString().ShouldBe("spec.networking.host");
        FieldPath.Root("spec").Child("lifetime", "expiresAt").ToString().ShouldBe("spec.lifetime.expiresAt");
        FieldPath.Root("spec").Child("env").Key("API_KEY").ToString().ShouldBe("spec.env[API_KEY]");
    }

    [Fact]
    public void A_key_is_escaped_because_it_is_user_text() =>
        FieldPath.Root("spec").Child("env").Key("A\n\"B").ToString().ShouldBe("spec.env[A\\n\\\"B]");

    [Fact]
    public void A_path_is_immutable_so_siblings_share_a_parent()
    {
        var port = FieldPath.Root("spec").Child("ports").Index(0);
        port.Child("name").ToString().ShouldBe("spec.ports[0].name");
        port.Child("protocol").ToString().ShouldBe("spec.ports[0].protocol");
        port.ToString().ShouldBe("spec.ports[0]");
    }

    [Fact]
    public void Errors_read_like_the_apiservers()
    {
        var errors = new FieldErrors();
        var port = FieldPath.Root("spec").Child("ports").Index(1);
        errors.Invalid(port.Child("port"), 70000, "must be between 1 and 65535, inclusive");
        errors.Invalid(port.Child("name"), "Web\tUI", "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        errors.Required(FieldPath.Root("spec"), "the desired state of the container");
        errors.Duplicate(port, "80/TCP");
        errors.NotSupported(port.Child("protocol"), "SCTP", ["TCP", "UDP"]);
        errors.Unsupported(FieldPath.Root("spec", "sandbox"), "kata", "none: the operator has no sandbox profile");
        errors.TooMany(FieldPath.Root("spec", "ports"), 17, 16, "ports of one container");
        errors.Forbidden(port.Child("http"), "only a TCP port can be the HTTP port");
        errors.Invalid(FieldPath.Root("spec", "image"), new string('a', 100), "too long");

        errors.Messages.ShouldBe([
            "spec.ports[1].port: Invalid value: 70000: must be between 1 and 65535, inclusive",
            "spec.ports[1].name: Invalid value: \"Web\\tUI\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
            "spec: Required value: the desired state of the container",
            "spec.ports[1]: Duplicate value: \"80/TCP\"",
            "spec.ports[1].protocol: Unsupported value: \"SCTP\": supported values: \"TCP\", \"UDP\"",
            "spec.sandbox: Unsupported value: \"kata\": none: the operator has no sandbox profile",
            "spec.ports: Too many: 17: must have at most 16 items (ports of one container)",
            "spec.ports[1].http: Forbidden: only a TCP port can be the HTTP port",
            "spec.image: Invalid value: \"" + new string('a', 80) + "...\": too long",
        ]);
    }
}
