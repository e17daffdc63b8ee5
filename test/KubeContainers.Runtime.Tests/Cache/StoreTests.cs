using k8s;
using k8s.Models;
using KubeContainers.Runtime.Cache;
using KubeContainers.Runtime.Client;

namespace KubeContainers.Runtime.Tests.Cache;

public sealed class StoreTests
{
    [Fact]
    public void Indexes_find_objects_by_namespace_owner_and_label_and_follow_updates()
    {
        var store = new Store<V1ConfigMap>();
        store.Upsert(ConfigMap("a", "ns1", "1", owner: "uid-1", app: "web"));
        store.Upsert(ConfigMap("b", "ns2", "1", owner: "uid-1", app: "db"));

        store.List("ns1").Select(c => c.Metadata.Name).ShouldBe(["a"]);
        store.ListByOwner("uid-1").Count.ShouldBe(2);
        store.ListByLabel("app", "web").Select(c => c.Metadata.Name).ShouldBe(["a"]);

        store.Upsert(ConfigMap("a", "ns1", "2", owner: "uid-2", app: "db"));
        store.ListByOwner("uid-1").Select(c => c.Metadata.Name).ShouldBe(["b"]);
        store.ListByLabel("app", "db").Count.ShouldBe(2);
        store.ListByLabel("app", "web").ShouldBeEmpty();

        store.Delete(new ObjectKey("ns2", "b"));
        store.ListByOwner("uid-1").ShouldBeEmpty();
    }

    [Fact]
    public void Owners_and_labels_are_indexed_only_once_asked_for_and_then_cover_what_was_stored_before()
    {
        var store = new Store<V1ConfigMap>();
        store.Upsert(ConfigMap("a", "ns1", "1", owner: "uid-1", app: "web"));
        store.OwnerAndLabelValues.ShouldBe(0);

        store.ListByLabel("app", "web").Select(c => c.Metadata.Name).ShouldBe(["a"]);
        store.OwnerAndLabelValues.ShouldBe(1);
        store.ListByLabel("other", "x").ShouldBeEmpty();
        store.ListByOwner("uid-1").Select(c => c.Metadata.Name).ShouldBe(["a"]);
        store.OwnerAndLabelValues.ShouldBe(2);

        store.Upsert(ConfigMap("b", "ns1", "1", owner: "uid-2", app: "web"));
        store.ListByLabel("app", "web").Count.ShouldBe(2);
        store.ListByOwner("uid-2").Select(c => c.Metadata.Name).ShouldBe(["b"]);
    }

    [Fact]
    public void A_named_index_covers_objects_stored_before_and_after_it_and_follows_updates()
    {
        var store = new Store<V1ConfigMap>();
        store.Upsert(ConfigMap("a", "ns1", "1"));
        store.AddIndex("data", c => c.Data.Values);
        store.Upsert(ConfigMap("b", "ns2", "1"));

        store.ListByIndex("data", "v").Select(c => c.Metadata.Name).Order().ShouldBe(["a", "b"]);

        var changed = ConfigMap("a", "ns1", "2");
        changed.Data["k"] = "w";
        store.Upsert(changed);
        store.ListByIndex("data", "v").Select(c => c.Metadata.Name).ShouldBe(["b"]);
        store.ListByIndex("data", "w").Select(c => c.Metadata.Name).ShouldBe(["a"]);
        Should.Throw<InvalidOperationException>(() => store.ListByIndex("missing", "v"));
    }

    [Fact]
    public void Every_read_unpacks_its_own_copy_and_an_update_leaves_what_readers_hold_alone()
    {
        var store = new Store<V1ConfigMap>();
        var stored = ConfigMap("a", "ns1", "1", owner: "uid-1", app: "web");
        store.Upsert(stored);

        var first = store.Get(new ObjectKey("ns1", "a"))!;
        first.ShouldNotBeSameAs(stored);
        first.ShouldNotBeSameAs(store.Get(new ObjectKey("ns1", "a")));
        KubernetesJson.Serialize(first).ShouldBe(KubernetesJson.Serialize(stored));
        first.Data["k"] = "changed by a careless reader";
        store.Get(new ObjectKey("ns1", "a"))!.Data["k"].ShouldBe("v");

        var changed = ConfigMap("a", "ns1", "2");
        changed.Data["k"] = "w";
        var previous = store.Upsert(changed);

        previous!.Metadata.ResourceVersion.ShouldBe("1");
        first.Metadata.ResourceVersion.ShouldBe("1");
        store.Get(new ObjectKey("ns1", "a"))!.Data["k"].ShouldBe("w");
    }

    [Fact]
    public void A_deletion_reports_whether_the_object_was_there()
    {
        var store = new Store<V1ConfigMap>();
        store.Upsert(ConfigMap("a", "ns1", "1"));
        store.Contains(new ObjectKey("ns1", "a")).ShouldBeTrue();

        store.Delete(new ObjectKey("ns1", "a")).ShouldBeTrue();
        store.Delete(new ObjectKey("ns1", "a")).ShouldBeFalse();
        store.Contains(new ObjectKey("ns1", "a")).ShouldBeFalse();
        store.Get(new ObjectKey("ns1", "a")).ShouldBeNull();
        store.List().ShouldBeEmpty();
    }

    [Fact]
    public void A_relist_reports_what_was_missed_including_deletions_within_its_scope_only()
    {
        var store = new Store<V1ConfigMap>();
        store.Upsert(ConfigMap("kept", "ns1", "1"));
        store.Upsert(ConfigMap("changed", "ns1", "1"));
        store.Upsert(ConfigMap("gone", "ns1", "1"));
        store.Upsert(ConfigMap("other", "ns2", "1"));

        V1ConfigMap[] listed = [ConfigMap("kept", "ns1", "1"), ConfigMap("changed", "ns1", "2"), ConfigMap("new", "ns1", "3")];
        var events = store.Merge(listed).Concat(store.RemoveUnlisted(listed.Select(ObjectKey.From).ToHashSet(), "ns1"));

        events.Select(e => $"{e.Type} {e.Object.Metadata.Name}").Order().ShouldBe(["Added new", "Deleted gone", "Modified changed"]);
        events.Single(e => e.Type == ObjectEventType.Modified).Old!.Metadata.ResourceVersion.ShouldBe("1");
        store.Count.ShouldBe(4);
        store.Get(new ObjectKey("ns2", "other")).ShouldNotBeNull();
    }

    private static V1ConfigMap ConfigMap(string name, string ns, string rv, string? owner = null, string? app = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = ns,
            ResourceVersion = rv,
            OwnerReferences = owner is null ? null : [new V1OwnerReference { ApiVersion = "v1", Kind = "Widget", Name = "owner", Uid = owner, Controller = true }],
            Labels = app is null ? null : new Dictionary<string, string> { ["app"] = app },
        },
        Data = new Dictionary<string, string> { ["k"] = "v" },
    };
}
