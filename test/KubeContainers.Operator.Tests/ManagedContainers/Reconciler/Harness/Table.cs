namespace KubeContainers.Operator.Tests.ManagedContainers.Reconciler.Harness;

/// <summary>Rows by name, so a theory takes a serializable name and the test list reads like the table.</summary>
internal sealed class Table(params Row[] rows)
{
    private readonly Dictionary<string, Row> byName = rows.ToDictionary(r => r.Name, StringComparer.Ordinal);

    public TheoryData<string> Names => new(byName.Keys);

    public Task RunAsync(string name) => byName[name].RunAsync();
}
