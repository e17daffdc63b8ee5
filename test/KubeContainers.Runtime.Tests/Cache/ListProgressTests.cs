using KubeContainers.Runtime.Cache;
using KubeContainers.Runtime.Client;

namespace KubeContainers.Runtime.Tests.Cache;

public sealed class ListProgressTests
{
    [Fact]
    public void Nothing_is_covered_before_a_page_is_stored()
    {
        var progress = new ListProgress();
        progress.See(new ObjectKey("a", "x"));

        progress.Covers("a").ShouldBeFalse();
    }

    [Fact]
    public void A_stored_page_covers_the_namespaces_before_its_last_key_but_not_that_key_s_namespace()
    {
        var progress = new ListProgress();
        foreach (var key in (ObjectKey[])[new("a", "x"), new("b", "x"), new("c", "x")])
        {
            progress.See(key);
        }

        progress.PageStored();

        progress.Covers("a").ShouldBeTrue();
        progress.Covers("b").ShouldBeTrue();
        progress.Covers("c").ShouldBeFalse("the next page may hold more of c");
        progress.Covers("d").ShouldBeFalse();
    }

    [Fact]
    public void A_namespace_without_objects_is_covered_once_the_list_has_passed_where_they_would_sort()
    {
        var progress = new ListProgress();
        progress.See(new ObjectKey("bench-1", "x"));
        progress.See(new ObjectKey("bench-3", "x"));
        progress.PageStored();

        progress.Covers("bench-2").ShouldBeTrue();
        progress.Covers("bench-4").ShouldBeFalse();
    }

    [Fact]
    public void Namespaces_sort_by_their_storage_keys_not_by_their_names()
    {
        // "a-b/…" sorts before "a/…" ('-' < '/'), though "a" sorts before "a-b".
        var progress = new ListProgress();
        progress.See(new ObjectKey("a-b", "x"));
        progress.PageStored();

        progress.Covers("a").ShouldBeFalse();
        progress.Covers("a-a").ShouldBeTrue();
    }

    [Fact]
    public void A_key_out_of_order_stops_the_list_from_covering_anything()
    {
        var progress = new ListProgress();
        progress.See(new ObjectKey("a", "x"));
        progress.See(new ObjectKey("c", "x"));
        progress.PageStored();
        progress.Covers("a").ShouldBeTrue();

        progress.See(new ObjectKey("b", "x")).ShouldBeFalse();
        progress.PageStored();

        progress.Unordered.ShouldBeTrue();
        progress.Covers("a").ShouldBeFalse();
    }
}
