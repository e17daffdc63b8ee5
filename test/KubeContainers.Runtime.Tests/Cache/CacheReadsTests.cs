using k8s.Models;
using KubeContainers.Runtime.Cache;
using KubeContainers.Runtime.Client;

namespace KubeContainers.Runtime.Tests.Cache;

/// <summary>What a run read from the stores holds until an object it read (or could have read) changes.</summary>
public sealed class CacheReadsTests
{
    private static readonly ObjectKey A = new("ns1", "a");

    /// <summary>A Get of a, a Get of a missing one and a list by label, recorded.</summary>
    private static CacheReads Read(Store<V1ConfigMap> store)
    {
        var recording = CacheReads.Record();
        using (recording)
        {
            store.Get(A);
            store.Get(new ObjectKey("ns1", "missing"));
            store.ListByLabel("app", "web");
        }

        return recording.Reads;
    }

    private static Store<V1ConfigMap> Stored()
    {
        var store = new Store<V1ConfigMap>();
        store.Upsert(ConfigMap("a", "1", "web"));
        store.Upsert(ConfigMap("b", "1", "web"));
        store.Upsert(ConfigMap("c", "1", "db"));
        return store;
    }

    [Fact]
    public void Reads_hold_while_nothing_they_returned_changes()
    {
        var store = Stored();
        var reads = Read(store);

        reads.Count.ShouldBe(3);
        reads.Unchanged().ShouldBeTrue();

        // An object none of the queries returns, written anew.
        store.Upsert(ConfigMap("c", "2", "db"));
        reads.Unchanged().ShouldBeTrue();
    }

    public static TheoryData<string> Changes => new(ChangesByName.Keys);

    private static readonly Dictionary<string, Action<Store<V1ConfigMap>>> ChangesByName = new()
    {
        ["the object read is written (new resourceVersion)"] = s => s.Upsert(ConfigMap("a", "2", "web")),
        ["the object read is deleted"] = s => s.Delete(A),
        ["the object read as missing appears"] = s => s.Upsert(ConfigMap("missing", "1", "other")),
        ["an object of the list is written"] = s => s.Upsert(ConfigMap("b", "2", "web")),
        ["an object leaves the list"] = s => s.Upsert(ConfigMap("b", "2", "db")),
        ["an object joins the list"] = s => s.Upsert(ConfigMap("c", "2", "web")),
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Reads_no_longer_hold_once_what_they_returned_changes(string change)
    {
        var store = Stored();
        var reads = Read(store);

        ChangesByName[change](store);

        reads.Unchanged().ShouldBeFalse();
    }

    [Fact]
    public void Only_reads_inside_the_recording_count_and_a_write_marks_it()
    {
        var store = Stored();
        store.Get(A);
        var recording = CacheReads.Record();
        using (recording)
        {
            CacheReads.Current.ShouldBeSameAs(recording.Reads);
            store.Get(A);
            CacheReads.MarkWrote();
        }

        CacheReads.Current.ShouldBeNull();
        store.Get(A);
        recording.Reads.Count.ShouldBe(1);
        recording.Reads.Wrote.ShouldBeTrue();
    }

    private static V1ConfigMap ConfigMap(string name, string resourceVersion, string app) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "ns1",
            ResourceVersion = resourceVersion,
            Labels = new Dictionary<string, string> { ["app"] = app },
        },
    };
}
