using Spectre.Console;

namespace KubeContainers.Cli;

/// <summary>
/// Where the human view goes: a rich one (colour, tables with borders) when a terminal is attached, plain text in
/// kubectl's own layout when the output is piped or redirected, so scripts and golden tests read stable text.
/// </summary>
internal static class Terminal
{
    public static bool Rich => !Console.IsOutputRedirected;

    public static void Line(string text = "") => Console.Out.WriteLine(text);

    /// <summary>A line whose first word is highlighted in the rich view (a heading, a check that passed).</summary>
    public static void Marked(string mark, string text, string colour = "green")
    {
        if (Rich)
        {
            AnsiConsole.MarkupLine($"[{colour}]{Markup.Escape(mark)}[/] {Markup.Escape(text)}");
        }
        else
        {
            Line($"{mark} {text}");
        }
    }

    /// <summary>Runs a wait under a spinner naming what is awaited when rich; as it is when plain (lines printed meanwhile
    /// show above the spinner).</summary>
    public static Task<T> WhileAsync<T>(string what, Func<Task<T>> work) =>
        Rich ? AnsiConsole.Status().Spinner(Spinner.Known.Dots).StartAsync(what, _ => work()) : work();

    /// <summary>kubectl's "Warning: ..." on stderr, which a pipe of stdout does not swallow.</summary>
    public static void Warn(string text) => Console.Error.WriteLine($"Warning: {text}");

    /// <summary>A table: kubectl's upper-case headers and three-space gaps when plain; a bordered table when rich.</summary>
    public static void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = rows.ToList();
        if (Rich)
        {
            var table = new Table().Border(TableBorder.Rounded);
            foreach (var header in headers)
            {
                table.AddColumn(new TableColumn($"[bold]{Markup.Escape(header)}[/]"));
            }

            foreach (var row in all)
            {
                table.AddRow([.. row.Select(Markup.Escape)]);
            }

            AnsiConsole.Write(table);
            return;
        }

        foreach (var line in PlainTable(headers, all))
        {
            Line(line);
        }
    }

    public static IEnumerable<string> PlainTable(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        foreach (var row in (IEnumerable<IReadOnlyList<string>>)[headers.Select(h => h.ToUpperInvariant()).ToList(), .. rows])
        {
            yield return string.Join("   ", row.Select((cell, i) => i == row.Count - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd();
        }
    }
}
