using System.CommandLine;
using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Cli.Kube;

namespace KubeContainers.Cli.Commands;

/// <summary>
/// <c>kubectl mc describe NAME</c>: what runs, the checks, the conditions with their reasons, the URL, the pods, the
/// recent Events and the rollout history, in kubectl describe's layout.
/// </summary>
internal static class DescribeCommand
{
    private const int RecentEvents = 10;

    public static Command Build()
    {
        var name = new Argument<string>("NAME") { Description = "Name of the ManagedContainer" };
        var command = new Command("describe", "Show a ManagedContainer in detail") { name };
        command.SetAction(async (parse, ct) =>
        {
            using var session = Session.Open(parse);
            var mc = await session.Containers.GetAsync(session.Namespace, parse.GetValue(name)!, ct);
            var pods = await Related.PodsAsync(session.Client, session.Namespace, mc.Metadata.Name, ct);
            var (events, _) = await Related.EventsAsync(session.Client, session.Namespace, mc.Metadata.Name, ct);
            Print(mc, pods, events, RolloutHistory.Of(mc));
            return 0;
        });
        return command;
    }

    private static void Print(V1Alpha1ManagedContainer mc, IList<V1Pod> pods, IList<Corev1Event> events, IReadOnlyList<RolloutRecord> history)
    {
        var spec = mc.Spec;
        var status = mc.Status ?? new ManagedContainerStatus();
        Field("Name", mc.Metadata.Name);
        Field("Namespace", mc.Metadata.NamespaceProperty);
        Field("Image", status.Image is { } serving && serving != spec.Image ? $"{spec.Image} (serving {serving})" : spec.Image);
        if (spec.Command is { Count: > 0 } command)
        {
            Field("Command", string.Join(' ', command));
        }

        Field("Mode", spec.Mode ?? WorkloadModes.Persistent);
        Field("Replicas", $"{status.ReadyReplicas ?? 0} ready / {spec.Replicas ?? 1} desired{(spec.Stopped == true ? " (stopped)" : "")}");
        Field("Sandbox", status.Sandbox ?? spec.Sandbox ?? "<default>");
        Field("Phase", status.Phase ?? "<none>");
        Field("URL", status.Url ?? "<none>");
        if (status.InternalUrl is { } internalUrl)
        {
            Field("Internal URL", internalUrl);
        }

        if (status.LastHealthyImage is { } healthy)
        {
            Field("Last healthy", healthy);
        }

        if (status.ExpiresAt is { } expires)
        {
            Field("Expires", expires.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (status.Message is { Length: > 0 } message)
        {
            Field("Message", message);
        }

        Section("Checks");
        if (status.Checks is { } checks)
        {
            foreach (var (check, value) in CheckProgress.Checks)
            {
                Terminal.Marked(value(checks) ? "  ✓" : "  ✗", check, value(checks) ? "green" : "red");
            }
        }
        else
        {
            Terminal.Line("  <none>");
        }

        Section("Conditions");
        Rows(["Type", "Status", "Reason", "Message"], (status.Conditions ?? []).Select(c => (IReadOnlyList<string>)[c.Type, c.Status, c.Reason, c.Message ?? ""]));

        Section("Pods");
        Rows(["Name", "Ready", "Status", "Restarts", "Age"], pods.Select(p => (IReadOnlyList<string>)[
            p.Metadata.Name, Related.PodReady(p), Related.PodStatus(p), $"{Related.Restarts(p)}", Durations.Since(p.Metadata.CreationTimestamp)]));

        Section("Events");
        Rows(["Last seen", "Type", "Reason", "Message"], events.TakeLast(RecentEvents).Select(e => (IReadOnlyList<string>)[
            Durations.Since(Related.LastSeen(e)), e.Type ?? "", e.Reason ?? "", e.Message ?? ""]));

        if (history.Count > 0)
        {
            Section("History");
            Rows(HistoryCommand.Headers, history.Select(HistoryCommand.Row));
        }
    }

    private static void Field(string label, string? value) => Terminal.Line($"{label + ":",-14}{value}");

    private static void Section(string title) => Terminal.Line($"{title}:");

    private static void Rows(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = rows.ToList();
        if (all.Count == 0)
        {
            Terminal.Line("  <none>");
            return;
        }

        foreach (var line in Terminal.PlainTable(headers, all))
        {
            Terminal.Line("  " + line);
        }
    }
}
