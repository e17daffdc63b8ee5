using System.Text.RegularExpressions;
using KubeContainers.Api;
using KubeContainers.Operator.Configuration;
using KubeContainers.Runtime.Client;
using KubeContainers.Runtime.Controller;

namespace KubeContainers.Operator.Tests.ManagedContainers.Reconciler.Harness;

/// <summary>
/// One row of a reconciler table, after Knative's TableTest: the world before (<see cref="Given"/>), one
/// <c>ReconcileAsync</c> of <see cref="Key"/>, then everything it did: the exact writes to the API server in order,
/// the ManagedContainer's status as stored afterwards, the Events and the requeue. What setting the scene wrote or
/// recorded is forgotten, so every expectation is about the one reconcile.
/// </summary>
internal sealed record Row(string Name)
{
    /// <summary>Expect the status without a URL.</summary>
    public const string NoUrl = "";

    public static TimeSpan Resync { get; } = new OperatorSettings().ResyncPeriod;

    /// <summary>Objects seeded, earlier reconciles, users' and controllers' edits.</summary>
    public Func<Cluster, Task> Given { get; init; } = _ => Task.CompletedTask;

    /// <summary>The operator's settings for this row (the harness's by default).</summary>
    public Func<OperatorSettings, OperatorSettings>? Settings { get; init; }

    /// <summary>Faults the API server answers the reconcile under test with.</summary>
    public Action<Cluster>? Faults { get; init; }

    public ObjectKey Key { get; init; } = Objects.Web;

    /// <summary>Every write, "verb Kind namespace/name", in order (FakeKubeClient's log). A create refused as
    /// AlreadyExists is in it too: the request was made.</summary>
    public required IReadOnlyList<string> Writes { get; init; }

    /// <summary>Null: not checked (the ManagedContainer may be gone).</summary>
    public string? Phase { get; init; }

    /// <summary>"Status Reason" of the Ready condition, e.g. "False InvalidSpec".</summary>
    public string? Ready { get; init; }

    /// <summary>"Type Status Reason" of conditions that must be there as given; others are not checked.</summary>
    public IReadOnlyList<string> Conditions { get; init; } = [];

    /// <summary>The checks that are true, in status.checks' order, comma separated; null: not checked.</summary>
    public string? Checks { get; init; }

    /// <summary>status.url; <see cref="NoUrl"/> for none; null: not checked.</summary>
    public string? Url { get; init; }

    /// <summary>"Type Reason: message" of every Event, in order; '*' in the message matches anything.</summary>
    public IReadOnlyList<string> Events { get; init; } = [];

    /// <summary>The requeue the result asks for; null: <see cref="ReconcileResult.Done"/>.</summary>
    public TimeSpan? Requeue { get; init; } = Resync;

    /// <summary>The reconcile fails with a 409 (the runtime then retries it with backoff).</summary>
    public bool Conflicts { get; init; }

    /// <summary>A child write is refused: the reconcile writes the status, then fails with
    /// <see cref="KubeContainers.Operator.ManagedContainers.ChildWritesRefusedException"/> so the runtime retries it with back-off.</summary>
    public bool Refuses { get; init; }

    /// <summary>Further checks of the objects afterwards.</summary>
    public Action<Cluster>? Then { get; init; }

    public override string ToString() => Name;

    public async Task RunAsync()
    {
        var cluster = new Cluster(Settings);
        await Given(cluster);
        cluster.Forget();
        Faults?.Invoke(cluster);

        ReconcileResult? result = null;
        if (Conflicts)
        {
            var error = await Should.ThrowAsync<KubeApiException>(() => cluster.ReconcileAsync(Key));
            error.IsConflict.ShouldBeTrue();
        }
        else if (Refuses)
        {
            await Should.ThrowAsync<KubeContainers.Operator.ManagedContainers.ChildWritesRefusedException>(() => cluster.ReconcileAsync(Key));
        }
        else
        {
            result = await cluster.ReconcileAsync(Key);
        }

        cluster.Api.Writes.ShouldBe(Writes, "writes");
        CheckStatus(cluster);
        CheckEvents(cluster.Events.Recorded);
        if (result is not null)
        {
            result.RequeueDelay.ShouldBe(Requeue, "requeue");
        }

        Then?.Invoke(cluster);
    }

    private void CheckStatus(Cluster cluster)
    {
        if (Phase is null && Ready is null && Conditions.Count == 0 && Checks is null && Url is null)
        {
            return;
        }

        var status = cluster.Container(Key).Status;
        if (Phase is not null)
        {
            status.Phase.ShouldBe(Phase, "status.phase");
        }

        if (Ready is not null)
        {
            Describe(status.GetCondition(ConditionTypes.Ready)).ShouldBe($"{ConditionTypes.Ready} {Ready}", status.Message);
        }

        foreach (var expected in Conditions)
        {
            var type = expected.Split(' ')[0];
            Describe(status.GetCondition(type)).ShouldBe(expected, status.GetCondition(type)?.Message);
        }

        if (Checks is not null)
        {
            TrueChecks(status.Checks).ShouldBe(Checks, "status.checks");
        }

        if (Url is not null)
        {
            status.Url.ShouldBe(Url.Length == 0 ? null : Url, "status.url");
        }
    }

    private void CheckEvents(List<string> recorded)
    {
        recorded.Count.ShouldBe(Events.Count, "events: " + string.Join(" | ", recorded));
        for (var i = 0; i < Events.Count; i++)
        {
            var pattern = "^" + Regex.Escape(Events[i]).Replace(@"\*", ".*", StringComparison.Ordinal) + "$";
            recorded[i].ShouldMatch(pattern, $"event {i}");
        }
    }

    private static string? Describe(k8s.Models.V1Condition? c) => c is null ? null : $"{c.Type} {c.Status} {c.Reason}";

    private static string TrueChecks(StatusChecks? checks) => checks is null
        ? "(none)"
        : string.Join(", ", new (string Name, bool Value)[]
        {
            ("imagePulled", checks.ImagePulled), ("scheduled", checks.Scheduled), ("running", checks.Running),
            ("healthCheckPassing", checks.HealthCheckPassing), ("networkConfigured", checks.NetworkConfigured),
            ("sandboxAvailable", checks.SandboxAvailable), ("urlAssigned", checks.UrlAssigned), ("volumesBound", checks.VolumesBound),
        }.Where(c => c.Value).Select(c => c.Name));
}
