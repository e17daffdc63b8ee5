using System.Net;
using k8s.Models;
using KubeContainers.Runtime.Client;
using KubeContainers.Runtime.Events;
using KubeContainers.Runtime.Hosting;
using KubeContainers.Runtime.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KubeContainers.Runtime.Tests.Events;

public sealed class EventRecorderTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, 250, TimeSpan.Zero);
    private readonly FakeKubeClient client = new();
    private readonly FakeTimeProvider time = new(Start);
    private readonly V1ConfigMap web;

    public EventRecorderTests() => web = client.Seed(new V1ConfigMap
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "apps" },
    });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_first_occurrence_creates_a_complete_core_v1_Event()
    {
        await Recorder().RecordAsync(web, EventTypes.Warning, "InvalidSpec", "spec.replicas: 50 exceeds the limit 10", Ct);

        var ev = (await Events()).ShouldHaveSingleItem();
        ev.Metadata.Name.ShouldMatch(@"^web\.[0-9a-f]{16}$");
        ev.Metadata.NamespaceProperty.ShouldBe("apps");
        ev.InvolvedObject.ApiVersion.ShouldBe("v1");
        ev.InvolvedObject.Kind.ShouldBe("ConfigMap");
        ev.InvolvedObject.Name.ShouldBe("web");
        ev.InvolvedObject.NamespaceProperty.ShouldBe("apps");
        ev.InvolvedObject.Uid.ShouldBe(web.Metadata.Uid);
        ev.InvolvedObject.ResourceVersion.ShouldBe(web.Metadata.ResourceVersion);
        ev.Type.ShouldBe("Warning");
        ev.Reason.ShouldBe("InvalidSpec");
        ev.Action.ShouldBe("InvalidSpec");
        ev.Message.ShouldBe("spec.replicas: 50 exceeds the limit 10");
        ev.Source.Component.ShouldBe("test-operator");
        ev.ReportingComponent.ShouldBe("test-operator");
        ev.ReportingInstance.ShouldBe("test-operator-0");
        ev.Count.ShouldBe(1);
        ev.FirstTimestamp.ShouldBe(new DateTime(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc));
        ev.LastTimestamp.ShouldBe(ev.FirstTimestamp);
        ev.EventTime.ShouldBe(Start.UtcDateTime);
    }

    [Fact]
    public async Task The_name_carries_the_unix_nanoseconds_in_16_hex_digits()
    {
        await Recorder().RecordAsync(web, EventTypes.Normal, "Created", "created", Ct);

        var nanos = (Start - DateTimeOffset.UnixEpoch).Ticks * 100;
        (await Events()).ShouldHaveSingleItem().Metadata.Name.ShouldBe($"web.{nanos:x16}");
    }

    [Fact]
    public async Task Identical_events_within_ten_minutes_count_up_one_Event()
    {
        var recorder = Recorder();
        await recorder.RecordAsync(web, EventTypes.Warning, "CrashLooping", "exit code 1", Ct);
        var first = (await Events()).ShouldHaveSingleItem();

        time.Advance(TimeSpan.FromMinutes(9));
        await recorder.RecordAsync(web, EventTypes.Warning, "CrashLooping", "exit code 1", Ct);
        time.Advance(TimeSpan.FromMinutes(9));
        await recorder.RecordAsync(web, EventTypes.Warning, "CrashLooping", "exit code 1", Ct);

        var ev = (await Events()).ShouldHaveSingleItem();
        ev.Metadata.Name.ShouldBe(first.Metadata.Name);
        ev.Count.ShouldBe(3);
        ev.FirstTimestamp.ShouldBe(first.FirstTimestamp);
        ev.LastTimestamp.ShouldBe(new DateTime(2026, 6, 1, 12, 18, 0, DateTimeKind.Utc));
        client.Writes.Count(w => w.StartsWith("create Corev1Event", StringComparison.Ordinal)).ShouldBe(1);
        client.Writes.Last().ShouldBe($"patch Corev1Event apps/{first.Metadata.Name} {{\"count\":3,\"lastTimestamp\":\"2026-06-01T12:18:00Z\"}}");
    }

    [Fact]
    public async Task A_repeat_after_more_than_ten_minutes_creates_a_new_Event()
    {
        var recorder = Recorder();
        await recorder.RecordAsync(web, EventTypes.Normal, "Scaled", "scaled to 2", Ct);
        time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        await recorder.RecordAsync(web, EventTypes.Normal, "Scaled", "scaled to 2", Ct);

        (await Events()).Count.ShouldBe(2);
        (await Events()).ShouldAllBe(e => e.Count == 1);
    }

    [Theory]
    [InlineData("Warning", "Scaled", "scaled to 2")]
    [InlineData("Normal", "Resized", "scaled to 2")]
    [InlineData("Normal", "Scaled", "scaled to 3")]
    public async Task A_different_type_reason_or_message_is_a_new_Event(string type, string reason, string message)
    {
        var recorder = Recorder();
        await recorder.RecordAsync(web, EventTypes.Normal, "Scaled", "scaled to 2", Ct);
        await recorder.RecordAsync(web, type, reason, message, Ct);

        (await Events()).Count.ShouldBe(2);
        (await Events()).ShouldAllBe(e => e.Count == 1);
    }

    [Fact]
    public async Task The_same_event_about_another_object_is_a_new_Event()
    {
        var other = client.Seed(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "other" } });
        var recorder = Recorder();
        await recorder.RecordAsync(web, EventTypes.Normal, "Scaled", "scaled to 2", Ct);
        await recorder.RecordAsync(other, EventTypes.Normal, "Scaled", "scaled to 2", Ct);

        (await Events()).Select(e => e.Metadata.NamespaceProperty).Order().ShouldBe(["apps", "other"]);
    }

    [Fact]
    public async Task Names_stay_unique_and_ordered_when_the_clock_stands_still()
    {
        var recorder = Recorder();
        for (var i = 0; i < 5; i++)
        {
            await recorder.RecordAsync(web, EventTypes.Normal, "Step", $"step {i}", Ct);
        }

        var byName = (await Events()).OrderBy(e => e.Metadata.Name, StringComparer.Ordinal).Select(e => e.Message).ToList();
        byName.ShouldBe(["step 0", "step 1", "step 2", "step 3", "step 4"]);
    }

    [Fact]
    public async Task A_failed_write_is_swallowed_and_the_next_one_is_made()
    {
        var failing = true;
        client.React((verb, _) => failing && verb == "create" ? new KubeApiException(HttpStatusCode.InternalServerError, "InternalError", "etcd timeout") : null);
        var recorder = Recorder();

        await recorder.RecordAsync(web, EventTypes.Normal, "Created", "created", Ct);
        (await Events()).ShouldBeEmpty();

        failing = false;
        await recorder.RecordAsync(web, EventTypes.Normal, "Created", "created", Ct);
        (await Events()).ShouldHaveSingleItem().Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_failed_count_patch_is_swallowed()
    {
        var recorder = Recorder();
        await recorder.RecordAsync(web, EventTypes.Normal, "Created", "created", Ct);
        client.React((verb, _) => verb == "patch" ? new KubeApiException(HttpStatusCode.Forbidden, "Forbidden", "no patch for you") : null);

        await recorder.RecordAsync(web, EventTypes.Normal, "Created", "created", Ct);

        (await Events()).ShouldHaveSingleItem().Count.ShouldBe(1);
    }

    [Fact]
    public async Task An_Event_gone_from_the_server_is_created_again()
    {
        var recorder = Recorder();
        await recorder.RecordAsync(web, EventTypes.Normal, "Created", "created", Ct);
        var expired = (await Events()).ShouldHaveSingleItem();
        await client.DeleteAsync<Corev1Event>(expired.Metadata.Name, "apps", Ct);

        time.Advance(TimeSpan.FromSeconds(1));
        await recorder.RecordAsync(web, EventTypes.Normal, "Created", "created", Ct);

        var recreated = (await Events()).ShouldHaveSingleItem();
        recreated.Metadata.Name.ShouldNotBe(expired.Metadata.Name);
        recreated.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Cancellation_propagates()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() =>
            Recorder().RecordAsync(web, EventTypes.Normal, "Created", "created", cancelled.Token));
        (await Events()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Only_the_most_recently_used_events_are_remembered()
    {
        var recorder = Recorder(capacity: 2);
        await recorder.RecordAsync(web, EventTypes.Normal, "A", "a", Ct);
        await recorder.RecordAsync(web, EventTypes.Normal, "B", "b", Ct);
        await recorder.RecordAsync(web, EventTypes.Normal, "A", "a", Ct);
        await recorder.RecordAsync(web, EventTypes.Normal, "C", "c", Ct);

        // A was used after B, so B was forgotten when C arrived: a repeat of B starts a new Event.
        await recorder.RecordAsync(web, EventTypes.Normal, "A", "a", Ct);
        await recorder.RecordAsync(web, EventTypes.Normal, "B", "b", Ct);

        (await Events()).Where(e => e.Reason == "A").ShouldHaveSingleItem().Count.ShouldBe(3);
        (await Events()).Where(e => e.Reason == "B").Select(e => e.Count).ShouldBe([1, 1], ignoreOrder: true);
    }

    [Fact]
    public async Task Concurrent_repeats_count_up_one_Event()
    {
        var recorder = Recorder();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => recorder.RecordAsync(web, EventTypes.Normal, "Synced", "synced", Ct)));

        (await Events()).ShouldHaveSingleItem().Count.ShouldBe(20);
    }

    [Fact]
    public async Task A_cluster_scoped_object_gets_its_Event_in_default()
    {
        var node = client.Seed(new V1Node { ApiVersion = "v1", Kind = "Node", Metadata = new V1ObjectMeta { Name = "node-1" } });

        await Recorder().RecordAsync(node, EventTypes.Normal, "Ready", "node is ready", Ct);

        var ev = (await Events()).ShouldHaveSingleItem();
        ev.Metadata.NamespaceProperty.ShouldBe("default");
        ev.InvolvedObject.NamespaceProperty.ShouldBeNull();
        ev.InvolvedObject.Kind.ShouldBe("Node");
    }

    [Fact]
    public async Task An_object_without_kind_gets_it_from_its_type()
    {
        var bare = new V1Secret { Metadata = new V1ObjectMeta { Name = "s", NamespaceProperty = "apps", Uid = "u-1" } };

        await Recorder().RecordAsync(bare, EventTypes.Normal, "Rotated", "rotated", Ct);

        var involved = (await Events()).ShouldHaveSingleItem().InvolvedObject;
        involved.ApiVersion.ShouldBe("v1");
        involved.Kind.ShouldBe("Secret");
    }

    [Fact]
    public async Task Long_messages_and_names_are_cut_to_what_the_API_server_accepts()
    {
        var longName = new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap", Metadata = new V1ObjectMeta { Name = new string('n', 253), NamespaceProperty = "apps", Uid = "u-2" } };

        await Recorder().RecordAsync(longName, EventTypes.Warning, "Failed", new string('é', 2000), Ct);

        var ev = (await Events()).ShouldHaveSingleItem();
        ev.Metadata.Name.Length.ShouldBe(253);
        System.Text.Encoding.UTF8.GetByteCount(ev.Message).ShouldBeLessThanOrEqualTo(1024);
        ev.Message.ShouldEndWith("...");
    }

    [Fact]
    public async Task Caller_mistakes_are_argument_errors()
    {
        await Should.ThrowAsync<ArgumentException>(() => Recorder().RecordAsync(web, "Info", "Created", "created", Ct));
        await Should.ThrowAsync<ArgumentException>(() => Recorder().RecordAsync(web, EventTypes.Normal, "", "created", Ct));
    }

    [Fact]
    public async Task AddControllerRuntime_registers_a_recorder_reporting_the_configured_component()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IKubeClient>(client);
        services.AddSingleton<TimeProvider>(time);
        services.AddControllerRuntime(o =>
        {
            o.ReportingComponent = "widget-operator";
            o.ReportingInstance = "widget-operator-abc";
        });
        var provider = services.BuildServiceProvider();

        var recorder = provider.GetRequiredService<IEventRecorder>();
        recorder.ShouldBeSameAs(provider.GetRequiredService<IEventRecorder>());
        recorder.ShouldBeOfType<BufferedEventRecorder>("reconcile workers must not wait for Event writes");
        await recorder.RecordAsync(web, EventTypes.Normal, "Created", "created", Ct);
        // Disposing the host's services flushes the queue.
        await provider.DisposeAsync();

        var ev = (await Events()).ShouldHaveSingleItem();
        ev.Source.Component.ShouldBe("widget-operator");
        ev.ReportingInstance.ShouldBe("widget-operator-abc");
    }

    private EventRecorder Recorder(int capacity = 4096) => new(
        client,
        new EventRecorderOptions { ReportingComponent = "test-operator", ReportingInstance = "test-operator-0", CacheCapacity = capacity },
        time,
        NullLogger<EventRecorder>.Instance);

    private async Task<List<Corev1Event>> Events() => [.. (await client.ListAsync<Corev1Event>(new ListOptions(), Ct)).Items];
}
