using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Patching;

/// <summary>
/// A set of field paths stored as a tree of path elements, convertible to and from the FieldsV1 JSON
/// of <c>metadata.managedFields</c>. A node is a member when its own path is in the set; FieldsV1
/// writes that as <c>{}</c> for a leaf and as a <c>".": {}</c> entry when the node also has children.
/// </summary>
internal sealed class FieldSet
{
    private const string Self = ".";

    private readonly SortedDictionary<string, FieldSet> children = new(StringComparer.Ordinal);
    private bool member;

    public bool IsEmpty => !member && children.Count == 0;

    public static FieldSet Parse(JsonObject fieldsV1)
    {
        var set = new FieldSet();
        set.Fill(fieldsV1);
        return set;
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject();
        if (member && children.Count > 0)
        {
            json[Self] = new JsonObject();
        }

        foreach (var (element, child) in children)
        {
            json[element] = child.ToJson();
        }

        return json;
    }

    public void Insert(IReadOnlyList<string> path)
    {
        var node = this;
        foreach (var element in path)
        {
            if (!node.children.TryGetValue(element, out var child))
            {
                child = new FieldSet();
                node.children[element] = child;
            }

            node = child;
        }

        node.member = true;
    }

    /// <summary>Whether the path itself or any path below it is in the set.</summary>
    public bool ContainsAtOrBelow(IReadOnlyList<string> path)
    {
        var node = this;
        foreach (var element in path)
        {
            if (!node.children.TryGetValue(element, out node))
            {
                return false;
            }
        }

        return !node.IsEmpty;
    }

    public FieldSet Union(FieldSet other) => Combine(this, other, (left, right) => left || right);

    public FieldSet Difference(FieldSet other) => Combine(this, other, (left, right) => left && !right);

    public FieldSet Intersection(FieldSet other) => Combine(this, other, (left, right) => left && right);

    public bool SetEquals(FieldSet other) => Difference(other).IsEmpty && other.Difference(this).IsEmpty;

    /// <summary>Every member path, parents before children, siblings in element order.</summary>
    public IEnumerable<string[]> Paths() => Paths([]);

    private IEnumerable<string[]> Paths(string[] prefix)
    {
        if (member)
        {
            yield return prefix;
        }

        foreach (var (element, child) in children)
        {
            foreach (var path in child.Paths([.. prefix, element]))
            {
                yield return path;
            }
        }
    }

    private void Fill(JsonObject json)
    {
        foreach (var (element, value) in json)
        {
            if (element == Self)
            {
                member = true;
                continue;
            }

            var child = new FieldSet();
            if (value is JsonObject nested && nested.Count > 0)
            {
                child.Fill(nested);
            }
            else
            {
                child.member = true;
            }

            if (!child.IsEmpty)
            {
                children[element] = child;
            }
        }
    }

    private static FieldSet Combine(FieldSet? left, FieldSet? right, Func<bool, bool, bool> keep)
    {
        var result = new FieldSet { member = keep(left?.member == true, right?.member == true) };
        var elements = (left?.children.Keys ?? Enumerable.Empty<string>()).Union(right?.children.Keys ?? Enumerable.Empty<string>(), StringComparer.Ordinal);
        foreach (var element in elements)
        {
            FieldSet? leftChild = null;
            FieldSet? rightChild = null;
            left?.children.TryGetValue(element, out leftChild);
            right?.children.TryGetValue(element, out rightChild);
            var child = Combine(leftChild, rightChild, keep);
            if (!child.IsEmpty)
            {
                result.children[element] = child;
            }
        }

        return result;
    }
}
