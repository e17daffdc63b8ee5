namespace KubeContainers.Api;

/// <summary>
/// The port rules shared by the CRD's CEL rules and the operator, in one place so admission and
/// <see cref="ManagedContainerPorts"/> agree on what "the HTTP port" is. Each CEL fragment reads the spec as
/// <c>self</c> and treats a missing protocol as TCP, the schema default, so it holds before and after defaulting.
/// </summary>
public static class PortRules
{
    /// <summary>At most this many entries in <c>spec.ports</c>.</summary>
    public const int MaxPorts = 16;

    /// <summary>
    /// An IANA service name, as a containerPort's name must be (IsValidPortName): lower-case letters, digits and
    /// '-', not starting or ending with '-'; at most 15 characters (the field's maxLength), at least one letter and
    /// no "--" (CEL rules on the field).
    /// </summary>
    public const string PortNamePattern = @"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$";

    private const string IsTcp = "(!has(p.protocol) || p.protocol == 'TCP')";

    private const string HasPorts = "(has(self.ports) && size(self.ports) > 0)";

    /// <summary>Any port at all: <c>spec.port</c> or an entry of <c>spec.ports</c>.</summary>
    public const string HasAnyPort = "(has(self.port) || " + HasPorts + ")";

    /// <summary>A TCP port to probe: <c>spec.port</c> or a TCP entry of <c>spec.ports</c>.</summary>
    public const string HasTcpPort = "(has(self.port) || (has(self.ports) && self.ports.exists(p, " + IsTcp + ")))";

    /// <summary>
    /// An HTTP port: <c>spec.port</c>; else the entry with <c>http: true</c>; else the only TCP entry, unless it says
    /// <c>http: false</c>.
    /// </summary>
    public const string HasHttpPort =
        "(has(self.port) || (has(self.ports) && (self.ports.exists(p, has(p.http) && p.http) || "
        + "(self.ports.filter(p, " + IsTcp + ").size() == 1 && self.ports.exists(p, " + IsTcp + " && !has(p.http))))))";
}
