namespace KubeContainers.Operator.Configuration;

/// <summary>How a flag takes its value on the command line.</summary>
public enum OperatorFlagKind
{
    /// <summary><c>--flag value</c> or <c>--flag=value</c>.</summary>
    Value,

    /// <summary>A comma list; repeating the flag appends (<c>--watch-namespaces a,b --watch-namespaces c</c>).</summary>
    List,

    /// <summary>A boolean: bare <c>--flag</c> means true; <c>--flag=false</c> or <c>--flag false</c> sets it.</summary>
    Switch,
}
