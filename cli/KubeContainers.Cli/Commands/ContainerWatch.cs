using k8s;
using KubeContainers.Cli.Kube;
using Mc = KubeContainers.Api.V1Alpha1ManagedContainer;

namespace KubeContainers.Cli.Commands;

/// <summary>
/// Follows one ManagedContainer with a watch (no polling): reads it, then watches from that resourceVersion and
/// calls <paramref name="seen"/> with every version (null once deleted) until <paramref name="judge"/> says the wait
/// is over. A watch the server ends is resumed from the last version seen; an expired one (410) reads again.
/// </summary>
internal static class ContainerWatch
{
    public static async Task<Mc?> UntilAsync(ManagedContainerApi api, string ns, string name, Func<Mc?, Verdict> judge, Action<Mc?> seen, CancellationToken ct)
    {
        for (var first = true; ; first = false)
        {
            var mc = await api.FindAsync(ns, name, ct);
            if (first && mc is null && !judge(null).Holds)
            {
                throw ManagedContainerApi.NotFound(name);
            }

            seen(mc);
            if (Over(judge(mc), mc))
            {
                return mc;
            }

            var version = mc!.Metadata.ResourceVersion;
            try
            {
                await foreach (var (type, container) in api.WatchAsync(ns, name, version, ct))
                {
                    if (type == WatchEventType.Bookmark)
                    {
                        continue;
                    }

                    var current = type == WatchEventType.Deleted ? null : container;
                    seen(current);
                    if (Over(judge(current), current))
                    {
                        return current;
                    }
                }
            }
            catch (WatchExpiredException)
            {
                // Read again below.
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is IOException or HttpRequestException or OperationCanceledException)
            {
                // The connection dropped or the client's request timeout cut the watch: read again and watch on.
            }
        }
    }

    private static bool Over(Verdict verdict, Mc? mc) =>
        verdict.Failure is { } failure ? throw new CliException(failure) : verdict.Holds || mc is null;
}
