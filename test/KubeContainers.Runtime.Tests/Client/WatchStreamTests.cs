using System.Net;
using System.Text;
using k8s;
using k8s.Models;
using KubeContainers.Runtime.Client;

namespace KubeContainers.Runtime.Tests.Client;

public sealed class WatchStreamTests
{
    [Fact]
    public async Task Events_are_decoded_from_lines_split_anywhere_across_reads()
    {
        var text =
            """{"type":"ADDED","object":{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","namespace":"n","resourceVersion":"5"},"data":{"k":"v"}}}""" + "\n" +
            "\n" +
            """{"object":{"kind":"ConfigMap","metadata":{"name":"a","namespace":"n","resourceVersion":"6"}},"type":"MODIFIED"}""" + "\n" +
            """{"type":"BOOKMARK","object":{"kind":"ConfigMap","metadata":{"resourceVersion":"7"}}}""" + "\n" +
            """{"type":"DELETED","object":{"kind":"ConfigMap","metadata":{"name":"a","namespace":"n","resourceVersion":"8"}}}""";

        var events = new List<WatchEvent<V1ConfigMap>>();
        await foreach (var e in WatchStream.ReadAsync<V1ConfigMap>(new TrickleStream(Encoding.UTF8.GetBytes(text), chunk: 7), CancellationToken.None))
        {
            events.Add(e);
        }

        events.Select(e => (e.Type, e.Object.Metadata.ResourceVersion)).ShouldBe(
        [
            (WatchEventType.Added, "5"),
            (WatchEventType.Modified, "6"),
            (WatchEventType.Bookmark, "7"),
            (WatchEventType.Deleted, "8"),
        ]);
        events[0].Object.Data["k"].ShouldBe("v");
        events[1].Object.Metadata.Name.ShouldBe("a");
    }

    [Fact]
    public async Task A_line_longer_than_the_buffer_is_read_whole()
    {
        var value = new string('x', 100_000);
        var text = "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"big\",\"resourceVersion\":\"1\"},\"data\":{\"k\":\"" + value + "\"}}}\n";

        var events = new List<WatchEvent<V1ConfigMap>>();
        await foreach (var e in WatchStream.ReadAsync<V1ConfigMap>(new TrickleStream(Encoding.UTF8.GetBytes(text), chunk: 4096), CancellationToken.None))
        {
            events.Add(e);
        }

        events.ShouldHaveSingleItem().Object.Data["k"].Length.ShouldBe(100_000);
    }

    [Fact]
    public void ManagedFields_are_skipped_and_the_rest_of_the_object_is_read()
    {
        var line = """{"type":"ADDED","object":{"kind":"Pod","metadata":{"name":"p","managedFields":[{"manager":"kubelet","operation":"Update","fieldsType":"FieldsV1","fieldsV1":{"f:status":{"f:phase":{}}}}],"labels":{"a":"b"}},"spec":{"nodeName":"n1","containers":[{"name":"c","image":"i"}]},"status":{"phase":"Running"}}}"""u8.ToArray();

        var pod = WatchStream.Decode<V1Pod>(line)!.Object;

        pod.Metadata.ManagedFields.ShouldBeNull();
        pod.Metadata.Labels["a"].ShouldBe("b");
        pod.Spec.NodeName.ShouldBe("n1");
        pod.Spec.Containers.ShouldHaveSingleItem().Image.ShouldBe("i");
        pod.Status.Phase.ShouldBe("Running");
    }

    [Fact]
    public void An_ERROR_event_is_thrown_with_its_status()
    {
        var line = """{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 5 (9)","reason":"Expired","code":410}}"""u8.ToArray();

        var e = Should.Throw<KubeApiException>(() => WatchStream.Decode<V1ConfigMap>(line));

        e.StatusCode.ShouldBe(HttpStatusCode.Gone);
        e.IsGone.ShouldBeTrue();
        e.Message.ShouldContain("too old resource version");
    }

    [Fact]
    public void The_path_names_the_group_scope_and_escaped_selectors()
    {
        var pods = new KindDescriptor("", "v1", "Pod", "pods", Namespaced: true);
        var deployments = new KindDescriptor("apps", "v1", "Deployment", "deployments", Namespaced: true);

        WatchStream.PathOf(pods, new WatchOptions("12", "ns-1", "app in (a,b)", TimeoutSeconds: 300))
            .ShouldBe("api/v1/namespaces/ns-1/pods?watch=true&allowWatchBookmarks=true&resourceVersion=12&labelSelector=app%20in%20%28a%2Cb%29&timeoutSeconds=300");
        WatchStream.PathOf(deployments, new WatchOptions("3", AllowBookmarks: false, FieldSelector: "metadata.name=x"))
            .ShouldBe("apis/apps/v1/deployments?watch=true&resourceVersion=3&fieldSelector=metadata.name%3Dx");
    }

    /// <summary>Hands out at most <c>chunk</c> bytes a read, as a network stream may.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], cancellationToken);
    }
}
