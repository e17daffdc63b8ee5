namespace KubeContainers.Cli;

/// <summary>A failure the user should read as one line, <c>error: message</c>, with the given exit code.</summary>
internal sealed class CliException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
