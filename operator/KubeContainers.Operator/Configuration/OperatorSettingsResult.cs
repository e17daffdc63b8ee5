using System.Diagnostics.CodeAnalysis;

namespace KubeContainers.Operator.Configuration;

/// <summary>The settings and connection, or every configuration mistake found, one message per bad setting, each
/// naming the flag (or configuration key) and the rule.</summary>
public sealed record OperatorSettingsResult
{
    private OperatorSettingsResult(OperatorSettings? settings, ClusterConnection? connection, IReadOnlyList<string> errors)
    {
        Settings = settings;
        Connection = connection;
        Errors = errors;
    }

    public OperatorSettings? Settings { get; }

    public ClusterConnection? Connection { get; }

    public IReadOnlyList<string> Errors { get; }

    [MemberNotNullWhen(true, nameof(Settings), nameof(Connection))]
    public bool Succeeded => Settings is not null && Connection is not null;

    public static OperatorSettingsResult Success(OperatorSettings settings, ClusterConnection connection) => new(settings, connection, []);

    public static OperatorSettingsResult Failure(IReadOnlyList<string> errors) =>
        errors.Count == 0 ? throw new ArgumentException("A failure has at least one error.", nameof(errors)) : new(null, null, errors);
}
