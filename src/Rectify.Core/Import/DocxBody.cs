using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Rectify.Core.Import;

/// <summary>
/// The lines of a Word body in reading order: a paragraph a line, with its list marker put back
/// (<see cref="DocxNumbering"/>); a table of problems as the lines of <see cref="ProblemTable"/>; any
/// other table cell by cell, as its paragraphs.
/// </summary>
internal static class DocxBody
{
    public static IEnumerable<string> Lines(Body body, DocxNumbering numbering)
    {
        // Without recursion: a document nested thousands deep must not overflow the stack.
        var stack = new Stack<OpenXmlElement>();
        for (var child = body.LastChild; child is not null; child = child.PreviousSibling()) stack.Push(child);
        while (stack.Count > 0)
        {
            var element = stack.Pop();
            switch (element)
            {
                case Paragraph p:
                    yield return numbering.MarkerOf(p) + Text(p);
                    // Paragraphs inside a text box of this one.
                    foreach (var inner in p.Descendants<Paragraph>()) yield return numbering.MarkerOf(inner) + Text(inner);
                    break;
                case Table t when ProblemLines(t, numbering) is { } lines:
                    foreach (var line in lines) yield return line;
                    break;
                default:
                    for (var child = element.LastChild; child is not null; child = child.PreviousSibling()) stack.Push(child);
                    break;
            }
        }
    }

    /// <summary>
    /// The table's lines when it is one of problems, else null. Its places are read with merged cells
    /// spread over what they cover (gridSpan across, vMerge down); a table holding a table is a layout,
    /// not a list of problems. List markers in it count only when the table is taken, so that the
    /// paragraphs of a table left as text are not counted twice.
    /// </summary>
    static List<string>? ProblemLines(Table table, DocxNumbering numbering)
    {
        if (table.Descendants<Table>().Any()) return null;
        var probe = numbering.Probe();
        var rows = new List<IReadOnlyList<GridCell>>();
        foreach (var tr in table.Elements<TableRow>())
        {
            var r = rows.Count;
            var row = new List<GridCell>();
            var before = tr.TableRowProperties?.GetFirstChild<GridBefore>()?.Val?.Value ?? 0;
            for (var k = 0; k < before && k < 64; k++) row.Add(new GridCell("", r, row.Count));
            foreach (var tc in tr.Elements<TableCell>())
            {
                var span = Math.Clamp(tc.TableCellProperties?.GridSpan?.Val?.Value ?? 1, 1, 64);
                var merge = tc.TableCellProperties?.VerticalMerge;
                var column = row.Count;
                GridCell cell;
                // A continued vertical merge takes the cell above it; "restart" (or no vMerge) starts a cell.
                if (merge is not null && (merge.Val is null || merge.Val.Value == MergedCellValues.Continue)
                    && r > 0 && column < rows[r - 1].Count)
                    cell = rows[r - 1][column];
                else
                    cell = new GridCell(string.Join("\n", tc.Elements<Paragraph>().Select(p => probe.MarkerOf(p) + Text(p))), r, column);
                for (var k = 0; k < span; k++) row.Add(cell);
            }
            rows.Add(row);
        }
        if (ProblemTable.Lines(rows) is not { } lines) return null;
        numbering.Take(probe);
        return lines;
    }

    /// <summary>Runs' text, with tabs and breaks kept as spaces and line breaks so words do not run together.</summary>
    public static string Text(Paragraph p)
    {
        var sb = new StringBuilder();
        foreach (var e in p.Descendants())
        {
            switch (e)
            {
                case Text t: sb.Append(t.Text); break;
                case TabChar: sb.Append(' '); break;
                case Break: sb.Append('\n'); break;
            }
        }
        return sb.ToString();
    }
}
