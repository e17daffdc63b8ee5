using System.CommandLine;

namespace KubeContainers.Cli.Create;

/// <summary>The flags of <c>kubectl mc create</c>; each maps to one field of the spec (docs/api.md).</summary>
internal static class CreateFlags
{
    public static readonly Argument<string> Name = new("NAME") { Description = "Name of the ManagedContainer" };

    public static readonly Option<string> Image = new("--image") { Description = "Container image (spec.image)", Required = true };

    public static readonly Option<int?> Port = new("--port") { Description = "The HTTP port the app listens on (spec.port)" };

    public static readonly Option<string[]> Env = new("--env", "-e") { Description = "KEY=VALUE, repeatable (spec.env)", Arity = ArgumentArity.ZeroOrMore };

    public static readonly Option<string[]> SecretEnv = new("--secret-env") { Description = "NAME=secret/key, repeatable: the variable NAME from key of Secret secret (spec.secretEnv)", Arity = ArgumentArity.ZeroOrMore };

    public static readonly Option<int?> Replicas = new("--replicas") { Description = "Number of replicas (spec.replicas)" };

    public static readonly Option<string?> Cpu = new("--cpu") { Description = "CPU per replica, e.g. 500m (spec.resources.cpu)" };

    public static readonly Option<string?> Memory = new("--memory") { Description = "Memory per replica, e.g. 256Mi (spec.resources.memory)" };

    public static readonly Option<string?> Sandbox = new("--sandbox") { Description = "Isolation profile, e.g. gvisor (spec.sandbox)" };

    public static readonly Option<string?> Egress = new("--egress") { Description = "Outbound traffic: internet, cluster or none (spec.networking.egress)" };

    public static readonly Option<string[]> Volume = new("--volume") { Description = "name:/path:size, repeatable, e.g. data:/var/lib/data:1Gi (spec.volumes)", Arity = ArgumentArity.ZeroOrMore };

    public static readonly Option<bool> OneShot = new("--one-shot") { Description = "Run to completion as a Job (spec.mode: oneShot)" };

    public static readonly Option<string?> Lifetime = new("--lifetime") { Description = "Expire after this long, e.g. 1h (spec.lifetime.timeoutSeconds)" };

    public static readonly Option<bool> NoWait = new("--no-wait") { Description = "Return once created instead of waiting until Ready" };

    public static readonly Option<bool> DryRun = new("--dry-run") { Description = "Print the ManagedContainer (with -o yaml or json) without creating it" };

    public static readonly Option<string?> Timeout = new("--timeout") { Description = "How long to wait until Ready (default 5m)" };

    public static readonly Argument<string[]> Command = new("COMMAND") { Description = "After --: the argv to run instead of the image's entrypoint (spec.command)", Arity = ArgumentArity.ZeroOrMore };

    public static IEnumerable<Option> Options => [Image, Port, Env, SecretEnv, Replicas, Cpu, Memory, Sandbox, Egress, Volume, OneShot, Lifetime, NoWait, DryRun, Timeout];
}
